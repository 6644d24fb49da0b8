import GRDB
import Wire

extension SQLiteJobStore {
    /// Makes the next new job's id at least `first` (it never goes down: ids already used stay
    /// used). Job ids name VMs (`hck-job-<id>`), which are global to a libvirt host: servers
    /// sharing a host give each a range of its own, e.g. `--first-job-id 100000`.
    /// - Parameter first: the smallest id the next job may get (1 or more).
    public func startJobIDs(at first: Int64) throws {
        guard first > 1 else { return }
        try pool.write { db in
            let used = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'jobs'") ?? 0
            guard used < first - 1 else { return }
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'jobs'")
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('jobs', ?)", arguments: [first - 1])
        }
    }
}
