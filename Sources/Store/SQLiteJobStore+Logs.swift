public import Foundation
import GRDB
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/appendLog(id:task:data:at:)``. The log's end is read and the new bytes written in
    /// one write transaction (SQLite has one writer at a time); the chunk's log mark (filled by a
    /// trigger) gives the new length.
    public func appendLog(id: Int64, task: String?, data: Data, at offset: Int?) async throws -> Int {
        try await pool.write { db in
            let end = try Self.logEnd(db, id: id, task: task)
            let append = try LogAppend(data, at: offset, logEnd: end, log: LogAppend.name(job: id, task: task))
            guard !append.newBytes.isEmpty else { return end }
            try db.execute(
                sql: "INSERT INTO log_chunks (job_id, task, data) VALUES (?, ?, ?)",
                arguments: [id, task ?? "", append.newBytes]
            )
            return try Int.fetchOne(
                db,
                sql: "SELECT end_offset FROM log_marks WHERE chunk_id = ?",
                arguments: [db.lastInsertedRowID]
            ) ?? 0
        }
    }

    /// See ``JobStore/log(id:task:from:)``: reads only the chunks at or after `offset`.
    public func log(id: Int64, task: String?, from offset: Int) async throws -> Data {
        try await log(id: id, task: task, from: max(0, offset), maxBytes: .max).data
    }

    /// See ``JobStore/logLength(id:task:)``.
    public func logLength(id: Int64, task: String?) async throws -> Int {
        try await pool.read { db in try Self.logEnd(db, id: id, task: task) }
    }

    /// A log's length: its last chunk's mark.
    private static func logEnd(_ db: Database, id: Int64, task: String?) throws -> Int {
        try Int.fetchOne(
            db,
            sql: "SELECT end_offset FROM log_marks WHERE job_id = ? AND task = ? ORDER BY chunk_id DESC LIMIT 1",
            arguments: [id, task ?? ""]
        ) ?? 0
    }
}
