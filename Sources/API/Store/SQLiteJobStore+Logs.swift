import Foundation
import GRDB

extension SQLiteJobStore {
    /// See ``JobStore/appendLog(id:task:data:)``.
    public func appendLog(id: Int64, task: String?, data: Data) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO log_chunks (job_id, task, data) VALUES (?, ?, ?)",
                arguments: [id, task ?? "", data]
            )
            return try Int.fetchOne(
                db,
                sql: "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM log_chunks WHERE job_id = ? AND task = ?",
                arguments: [id, task ?? ""]
            ) ?? 0
        }
    }

    /// See ``JobStore/log(id:task:from:)``.
    public func log(id: Int64, task: String?, from offset: Int) async throws -> Data {
        try await pool.read { db in
            var log = Data()
            let chunks = try Data.fetchCursor(
                db,
                sql: "SELECT data FROM log_chunks WHERE job_id = ? AND task = ? ORDER BY id",
                arguments: [id, task ?? ""]
            )
            while let chunk = try chunks.next() { log.append(chunk) }
            return offset <= 0 ? log : log.count > offset ? log.subdata(in: offset..<log.count) : Data()
        }
    }

    /// See ``JobStore/addArtifact(id:artifact:)``.
    public func addArtifact(id: Int64, artifact: Artifact) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO artifacts (job_id, name, size, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, artifact.name, artifact.size, artifact.createdAt.timeIntervalSince1970]
            )
        }
    }

    /// See ``JobStore/artifacts(id:)``.
    public func artifacts(id: Int64) async throws -> [Artifact] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE job_id = ? ORDER BY name", arguments: [id]).map {
                Artifact(name: $0["name"], size: $0["size"], createdAt: Date(timeIntervalSince1970: $0["created_at"]))
            }
        }
    }
}
