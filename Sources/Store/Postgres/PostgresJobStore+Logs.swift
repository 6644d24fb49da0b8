public import Foundation
import HckCore
import PostgresNIO
public import Wire

/// Logs are chunks in append order; each chunk's mark holds the log's length and newline count up to
/// its end, written with the chunk, so lengths, offsets and tails never read whole logs.
extension PostgresJobStore {
    /// See ``JobStore/appendLog(id:task:data:at:)``. Appends to one log are serialised by an advisory
    /// lock on the log, held to the end of the transaction: two appends at once cannot both read the
    /// same end, and each mark builds on the one before it.
    public func appendLog(id: Int64, task: String?, data: Data, at offset: Int?) async throws -> Int {
        let name = LogAppend.name(job: id, task: task)
        let task = task ?? ""
        return try await write("appending to \(name)") { [logger] connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(String(id)) || '/' || \(task), 0))",
                logger: logger
            )
            let last = try await connection.query(
                """
                SELECT end_offset, end_line FROM log_marks WHERE job_id = \(id) AND task = \(task)
                ORDER BY chunk_id DESC LIMIT 1
                """,
                logger: logger
            ).records().first
            let stored = try last?.value("end_offset", as: Int.self) ?? 0
            let append = try LogAppend(data, at: offset, logEnd: stored, log: name)
            guard !append.newBytes.isEmpty else { return stored }
            let newBytes = append.newBytes
            let end = stored + newBytes.count
            let lines = try (last?.value("end_line", as: Int.self) ?? 0) + append.newlineCount
            try await connection.query(
                """
                WITH chunk AS (
                    INSERT INTO log_chunks (job_id, task, data) VALUES (\(id), \(task), \(newBytes)) RETURNING id
                )
                INSERT INTO log_marks (chunk_id, job_id, task, end_offset, end_line)
                SELECT chunk.id, \(id), \(task), \(end), \(lines) FROM chunk
                """,
                logger: logger
            )
            return end
        }
    }

    /// See ``JobStore/log(id:task:from:)``: reads only the chunks at or after `offset`.
    public func log(id: Int64, task: String?, from offset: Int) async throws -> Data {
        try await log(id: id, task: task, from: max(0, offset), maxBytes: .max).data
    }

    /// See ``JobStore/logLength(id:task:)``.
    public func logLength(id: Int64, task: String?) async throws -> Int {
        try await read("reading job \(id)'s log length") { [logger] connection in
            try await connection.query(
                """
                SELECT end_offset FROM log_marks WHERE job_id = \(id) AND task = \(task ?? "")
                ORDER BY chunk_id DESC LIMIT 1
                """,
                logger: logger
            ).values(Int.self).first ?? 0
        }
    }
}
