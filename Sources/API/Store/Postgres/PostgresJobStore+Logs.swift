import Foundation
import Images
import PostgresNIO

/// Logs are chunks in append order; each chunk's mark holds the log's length and newline count up to
/// its end, written with the chunk, so lengths, offsets and tails never read whole logs.
extension PostgresJobStore {
    /// See ``JobStore/appendLog(id:task:data:)``. Appends to one log are serialised by an advisory lock
    /// on the log, so each mark builds on the one before it.
    public func appendLog(id: Int64, task: String?, data: Data) async throws -> Int {
        let task = task ?? ""
        let newlines = data.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        return try await write("appending to job \(id)'s log") { [logger] connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(String(id)) || '/' || \(task), 0))",
                logger: logger
            )
            let ends = try await connection.query(
                """
                WITH last AS (
                    SELECT end_offset, end_line FROM log_marks WHERE job_id = \(id) AND task = \(task)
                    ORDER BY chunk_id DESC LIMIT 1
                ), chunk AS (
                    INSERT INTO log_chunks (job_id, task, data) VALUES (\(id), \(task), \(data)) RETURNING id
                )
                INSERT INTO log_marks (chunk_id, job_id, task, end_offset, end_line)
                SELECT chunk.id, \(id), \(task), COALESCE((SELECT end_offset FROM last), 0) + \(data.count),
                       COALESCE((SELECT end_line FROM last), 0) + \(newlines)
                FROM chunk
                RETURNING end_offset
                """,
                logger: logger
            ).values(Int.self)
            return ends.first ?? 0
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

    /// See ``JobStore/addArtifact(id:artifact:)``.
    public func addArtifact(id: Int64, artifact: Artifact) async throws {
        try await write("recording job \(id)'s artifact \(artifact.name)") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO artifacts (job_id, name, size, created_at)
                VALUES (\(id), \(artifact.name), \(artifact.size), \(artifact.createdAt.timeIntervalSince1970))
                ON CONFLICT (job_id, name) DO UPDATE SET size = excluded.size, created_at = excluded.created_at
                """,
                logger: logger
            )
        }
    }

    /// See ``JobStore/artifacts(id:)``.
    public func artifacts(id: Int64) async throws -> [Artifact] {
        try await read("listing job \(id)'s artifacts") { [logger] connection in
            try await connection.query("SELECT * FROM artifacts WHERE job_id = \(id) ORDER BY name", logger: logger)
                .records().map {
                    Artifact(
                        name: try $0.value("name"),
                        size: try $0.value("size"),
                        createdAt: Date(timeIntervalSince1970: try $0.value("created_at"))
                    )
                }
        }
    }
}
