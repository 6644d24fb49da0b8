import Foundation
import GRDB
import Manifest
import Wire

extension SQLiteJobStore: JobPageStore {
    /// See ``JobPageStore/jobs(matching:viewer:before:limit:)``.
    public func jobs(matching filter: JobFilter, viewer: String?, before: Int64?, limit: Int) async throws -> [Job] {
        var conditions = ["(visibility = 'public' OR owner = ?)"]
        var arguments: [DatabaseValue] = [viewer.databaseValue]
        if let owner = filter.owner {
            conditions.append("owner = ?")
            arguments.append(owner.databaseValue)
        }
        for tag in filter.tags {
            conditions.append("EXISTS (SELECT 1 FROM json_each(jobs.tags) WHERE json_each.value = ?)")
            arguments.append(tag.databaseValue)
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments.append(status.rawValue.databaseValue)
        }
        if let group = filter.groupID {
            conditions.append("group_id = ?")
            arguments.append(group.databaseValue)
        }
        if let before {
            conditions.append("id < ?")
            arguments.append(before.databaseValue)
        }
        arguments.append(limit.databaseValue)
        let sql = "SELECT * FROM jobs WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?"
        let values = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)).map {
                try Self.job(from: $0, tasks: Self.tasks(db, jobID: $0["id"]))
            }
        }
    }

    /// See ``JobPageStore/logTail(id:task:maxBytes:)``: walks the log's marks from the end, so a
    /// gigabyte log costs as much as its last `maxBytes`.
    public func logTail(id: Int64, task: String?, maxBytes: Int) async throws -> LogSlice {
        try await pool.read { db in
            let marks = try Row.fetchCursor(
                db,
                sql:
                    "SELECT chunk_id, end_offset, end_line FROM log_marks WHERE job_id = ? AND task = ? ORDER BY chunk_id DESC",
                arguments: [id, task ?? ""]
            )
            // Cursor rows are reused by the next step: copy what is needed at once.
            guard let lastRow = try marks.next() else {
                return LogSlice(data: Data(), offset: 0, linesBefore: 0, length: 0, lastChunk: 0)
            }
            let length: Int = lastRow["end_offset"]
            let last: Int64 = lastRow["chunk_id"]
            var first = last
            var offset = 0
            var linesBefore = 0
            while let mark = try marks.next() {
                offset = mark["end_offset"]
                linesBefore = mark["end_line"]
                if length - offset >= maxBytes { break }
                first = mark["chunk_id"]
                offset = 0
                linesBefore = 0
            }
            let data = try Self.chunkData(db, id: id, task: task, from: first, through: last)
            var slice = LogSlice(data: data, offset: offset, linesBefore: linesBefore, length: length, lastChunk: last)
            if offset > 0 {
                slice.startsLine =
                    try Bool.fetchOne(
                        db,
                        sql: """
                            SELECT substr(data, -1, 1) = x'0a' FROM log_chunks
                            WHERE job_id = ? AND task = ? AND id < ? ORDER BY id DESC LIMIT 1
                            """,
                        arguments: [id, task ?? "", first]
                    ) ?? true
            }
            slice.keepLast(maxBytes)
            return slice
        }
    }

    /// See ``JobPageStore/log(id:task:from:maxBytes:)``: finds the chunk holding `offset` by the
    /// marks' index and reads from there on.
    public func log(id: Int64, task: String?, from offset: Int, maxBytes: Int) async throws -> LogSlice {
        try await pool.read { db in
            let marks = try Row.fetchCursor(
                db,
                sql: """
                    SELECT m.chunk_id, m.end_offset, LENGTH(c.data) AS size FROM log_marks m
                    JOIN log_chunks c ON c.id = m.chunk_id
                    WHERE m.job_id = ? AND m.task = ? AND m.end_offset > ? ORDER BY m.end_offset
                    """,
                arguments: [id, task ?? "", offset]
            )
            // Cursor rows are reused by the next step: copy what is needed at once.
            guard let firstRow = try marks.next() else {
                return LogSlice(data: Data(), offset: offset, linesBefore: 0, length: offset, lastChunk: 0)
            }
            let first: Int64 = firstRow["chunk_id"]
            let start: Int = firstRow["end_offset"] - (firstRow["size"] as Int)
            var last = first
            var end: Int = firstRow["end_offset"]
            while end - offset < maxBytes, let next = try marks.next() {
                last = next["chunk_id"]
                end = next["end_offset"]
            }
            let data = try Self.chunkData(db, id: id, task: task, from: first, through: last)
            return LogSlice(chunks: data, startingAt: start, from: offset, length: end, lastChunk: last)
        }
    }

    static func chunkData(_ db: Database, id: Int64, task: String?, from first: Int64, through last: Int64) throws
        -> Data
    {
        var data = Data()
        let chunks = try Data.fetchCursor(
            db,
            sql: "SELECT data FROM log_chunks WHERE job_id = ? AND task = ? AND id BETWEEN ? AND ? ORDER BY id",
            arguments: [id, task ?? "", first, last]
        )
        while let chunk = try chunks.next() { data.append(chunk) }
        return data
    }

    /// See ``JobPageStore/times(id:)``.
    public func times(id: Int64) async throws -> JobTimes {
        try await pool.read { db in
            var times = JobTimes()
            if let row = try Row.fetchOne(
                db,
                sql: "SELECT started_at, finished_at, runner FROM job_times WHERE job_id = ?",
                arguments: [id]
            ) {
                times.job = Self.span(row)
                times.runner = row["runner"]
            }
            for row in try Row.fetchAll(
                db,
                sql: "SELECT name, started_at, finished_at FROM task_times WHERE job_id = ?",
                arguments: [id]
            ) {
                times.tasks[row["name"]] = Self.span(row)
            }
            return times
        }
    }

    static func span(_ row: Row) -> JobTimes.Span {
        JobTimes.Span(
            started: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finished: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}
