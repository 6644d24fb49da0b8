import Foundation
import GRDB
import Manifest
import Wire

/// The job store in one SQLite file (WAL mode), in the server's data directory by default.
///
/// GRDB serialises writes on one connection, so a claim is a single transaction that no other
/// runner's claim can interleave with; reads run concurrently on the pool's readers.
public final class SQLiteJobStore: JobStore {
    let pool: DatabasePool
    /// Where artifacts' files live (`<directory>/<job id>/<name>`).
    public let artifactsDirectory: String

    /// Opens (creating when missing) the database at `path` and migrates it to the current schema.
    /// The file, and so its `-wal` and `-shm` files (SQLite gives them the database's mode), are
    /// readable by hck's user alone (0600): they hold tokens' hashes, logs and webhook secrets.
    /// - Parameters:
    ///   - path: the SQLite file, e.g. `DATA/hck.sqlite`.
    ///   - artifactsDirectory: where artifacts' files go; by default `artifacts` beside the file.
    public init(path: String, artifactsDirectory: String? = nil) throws {
        self.artifactsDirectory =
            artifactsDirectory
            ?? URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("artifacts").path
        for file in [path, "\(path)-wal", "\(path)-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A new database gets 16 KiB pages (before WAL mode fixes its page size): a log chunk
            // spans a quarter as many pages, and an append took half the time (bench/log-ingest).
            try db.execute(sql: "PRAGMA page_size = 16384")
            // NORMAL in WAL mode survives a process crash without loss; a power cut can lose only the last commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A checkpoint (the WAL copied into the database, then synced) when the WAL holds 32 MiB
            // rather than SQLite's 1000 pages: fewer syncs stalling the single writer.
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \((32 << 20) / max(pageSize, 512))")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
        // The log marks (each chunk's end offset) serve offsets and lengths without reading whole logs.
        try prepareJobPages()
    }
}

extension SQLiteJobStore {
    /// The rows of `table` (schedules, repositories) that `owner` has, or every row with nil, by id.
    static func ownedRows(_ db: Database, of table: String, owner: String?) throws -> [Row] {
        if let owner {
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE owner = ? ORDER BY id", arguments: [owner])
        } else {
            try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id")
        }
    }

    /// Reads a job and its tasks inside a transaction.
    static func fetchJob(_ db: Database, id: Int64) throws -> Job? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]) else {
            return nil
        }
        return try job(from: row, tasks: tasks(db, jobID: id))
    }

    static func tasks(_ db: Database, jobID: Int64) throws -> [JobTask] {
        try Row.fetchAll(
            db,
            sql: "SELECT name, status FROM tasks WHERE job_id = ? ORDER BY position",
            arguments: [jobID]
        ).map { JobTask(name: $0["name"], status: .init(rawValue: $0["status"]) ?? .pending) }
    }

    static func job(from row: Row, tasks: [JobTask]) throws -> Job {
        let tagsJSON: String = row["tags"]
        return Job(
            id: row["id"],
            owner: row["owner"],
            status: .init(rawValue: row["status"]) ?? .failed,
            manifest: row["manifest"],
            note: row["note"],
            tags: try JSONDecoder().decode([String].self, from: Data(tagsJSON.utf8)),
            visibility: .init(rawValue: row["visibility"]) ?? .unlisted,
            image: row["image"],
            arch: row["arch"],
            secretsEnabled: row["secrets_enabled"],
            groupID: row["group_id"],
            tasks: tasks,
            runner: row["runner"],
            leaseExpiresAt: (row["lease_expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            deadline: (row["deadline"] as Double?).map(Date.init(timeIntervalSince1970:)),
            cancelRequested: row["cancel_requested"],
            reason: row["reason"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }
}
