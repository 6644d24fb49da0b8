public import Foundation
import GRDB
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/appendLog(id:task:data:at:)``. The log's end is read and the new bytes written in
    /// one write transaction (SQLite has one writer at a time), with the chunk's log mark (the log's
    /// length and newline count after it), whose newlines are counted here rather than by SQL.
    public func appendLog(id: Int64, task: String?, data: Data, at offset: Int?) async throws -> Int {
        try await pool.write { db in
            let last = try Row.fetchOne(
                db,
                sql: """
                    SELECT end_offset, end_line FROM log_marks WHERE job_id = ? AND task = ?
                    ORDER BY chunk_id DESC LIMIT 1
                    """,
                arguments: [id, task ?? ""]
            )
            let end: Int = last?["end_offset"] ?? 0
            let append = try LogAppend(data, at: offset, logEnd: end, log: LogAppend.name(job: id, task: task))
            guard !append.newBytes.isEmpty else { return end }
            try db.execute(
                sql: "INSERT INTO log_chunks (job_id, task, data) VALUES (?, ?, ?)",
                arguments: [id, task ?? "", append.newBytes]
            )
            let newEnd = end + append.newBytes.count
            let lines: Int = (last?["end_line"] ?? 0) + append.newlineCount
            try db.execute(
                sql: "INSERT INTO log_marks (chunk_id, job_id, task, end_offset, end_line) VALUES (?, ?, ?, ?, ?)",
                arguments: [db.lastInsertedRowID, id, task ?? "", newEnd, lines]
            )
            return newEnd
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
