import Foundation
import HckCore
import Logging
import Manifest
import PostgresNIO
import Wire

extension PostgresJobStore: JobPageStore {
    /// See ``JobPageStore/prepareJobPages()``: nothing to do, the page tables are part of the
    /// migrations ``open(_:firstJobID:logger:)`` applies.
    public func prepareJobPages() async throws {}

    /// See ``JobPageStore/jobs(matching:viewer:before:limit:)``.
    public func jobs(matching filter: JobFilter, viewer: String?, before: Int64?, limit: Int) async throws -> [Job] {
        var conditions = ["(visibility = 'public' OR owner = $1)"]
        var binds = PostgresBindings()
        binds.append(viewer)
        func add(_ condition: String, _ value: some PostgresDynamicTypeEncodable) {
            binds.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
        }
        if let owner = filter.owner { add("owner = ?", owner) }
        for tag in filter.tags { add("? = ANY(tags)", tag) }
        if let status = filter.status { add("status = ?", status.rawValue) }
        if let group = filter.groupID { add("group_id = ?", group) }
        if let before { add("id < ?", before) }
        binds.append(limit)
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT * FROM jobs WHERE \(conditions.joined(separator: " AND "))
                ORDER BY id DESC LIMIT $\(binds.count)
                """,
            binds: binds
        )
        return try await read("listing jobs for a page") { [logger] connection in
            try await Self.fetchJobs(connection, query, logger: logger)
        }
    }

    /// See ``JobPageStore/logTail(id:task:maxBytes:)``: two index lookups find the chunks holding the
    /// last `maxBytes`, so a gigabyte log costs as much as its tail.
    public func logTail(id: Int64, task: String?, maxBytes: Int) async throws -> LogSlice {
        let task = task ?? ""
        return try await read("reading job \(id)'s log tail") { [logger] connection in
            guard
                let lastRow = try await connection.query(
                    """
                    SELECT chunk_id, end_offset FROM log_marks WHERE job_id = \(id) AND task = \(task)
                    ORDER BY chunk_id DESC LIMIT 1
                    """,
                    logger: logger
                ).records().first
            else { return LogSlice(data: Data(), offset: 0, linesBefore: 0, length: 0, lastChunk: 0) }
            let length: Int = try lastRow.value("end_offset")
            let last: Int64 = try lastRow.value("chunk_id")
            // The latest earlier chunk ending at least maxBytes before the end: the tail starts after it.
            let boundary = try await connection.query(
                """
                SELECT chunk_id, end_offset, end_line FROM log_marks WHERE job_id = \(id) AND task = \(task)
                AND chunk_id < \(last) AND end_offset <= \(length)::bigint - \(maxBytes)::bigint
                ORDER BY chunk_id DESC LIMIT 1
                """,
                logger: logger
            ).records().first
            let after: Int64 = try boundary?.value("chunk_id") ?? 0
            let first =
                try await connection.query(
                    """
                    SELECT MIN(chunk_id) FROM log_marks WHERE job_id = \(id) AND task = \(task) AND chunk_id > \(after)
                    """,
                    logger: logger
                ).values(Int64?.self).first.flatMap { $0 } ?? last
            let offset: Int = try boundary?.value("end_offset") ?? 0
            let data = try await Self.chunkData(connection, id: id, task: task, chunks: first...last, logger: logger)
            var slice = LogSlice(
                data: data,
                offset: offset,
                linesBefore: try boundary?.value("end_line") ?? 0,
                length: length,
                lastChunk: last
            )
            if offset > 0 {
                slice.startsLine =
                    try await connection.query(
                        """
                        SELECT substring(data FROM greatest(length(data), 1) FOR 1) = '\\x0a'::bytea FROM log_chunks
                        WHERE id = \(after)
                        """,
                        logger: logger
                    ).values(Bool.self).first ?? true
            }
            slice.keepLast(maxBytes)
            return slice
        }
    }

    /// See ``JobPageStore/log(id:task:from:maxBytes:)``: the marks' index finds the chunk holding
    /// `offset` and the first one that reaches `maxBytes` past it.
    public func log(id: Int64, task: String?, from offset: Int, maxBytes: Int) async throws -> LogSlice {
        let task = task ?? ""
        return try await read("reading job \(id)'s log") { [logger] connection in
            guard
                let firstRow = try await connection.query(
                    """
                    SELECT m.chunk_id, m.end_offset, length(c.data) AS size
                    FROM log_marks m JOIN log_chunks c ON c.id = m.chunk_id
                    WHERE m.job_id = \(id) AND m.task = \(task) AND m.end_offset > \(offset)
                    ORDER BY m.end_offset, m.chunk_id LIMIT 1
                    """,
                    logger: logger
                ).records().first
            else { return LogSlice(data: Data(), offset: offset, linesBefore: 0, length: offset, lastChunk: 0) }
            let first: Int64 = try firstRow.value("chunk_id")
            let start = try firstRow.value("end_offset", as: Int.self) - firstRow.value("size", as: Int.self)
            // The first chunk that ends maxBytes or more past offset, else the log's last one.
            let lastRow = try await connection.query(
                """
                SELECT chunk_id, end_offset FROM (
                    (SELECT chunk_id, end_offset, 0 AS rank FROM log_marks
                     WHERE job_id = \(id) AND task = \(task) AND chunk_id >= \(first)
                     AND end_offset - \(offset) >= \(maxBytes)
                     ORDER BY end_offset, chunk_id LIMIT 1)
                    UNION ALL
                    (SELECT chunk_id, end_offset, 1 AS rank FROM log_marks WHERE job_id = \(id) AND task = \(task)
                     ORDER BY chunk_id DESC LIMIT 1)
                ) AS candidates ORDER BY rank LIMIT 1
                """,
                logger: logger
            ).records().first
            let last: Int64 = try lastRow?.value("chunk_id") ?? first
            let end: Int = try lastRow?.value("end_offset") ?? offset
            let data = try await Self.chunkData(connection, id: id, task: task, chunks: first...last, logger: logger)
            return LogSlice(chunks: data, startingAt: start, from: offset, length: end, lastChunk: last)
        }
    }

    static func chunkData(
        _ connection: PostgresConnection,
        id: Int64,
        task: String,
        chunks: ClosedRange<Int64>,
        logger: Logger
    ) async throws -> Data {
        var data = Data()
        for chunk in try await connection.query(
            """
            SELECT data FROM log_chunks WHERE job_id = \(id) AND task = \(task)
            AND id BETWEEN \(chunks.lowerBound) AND \(chunks.upperBound) ORDER BY id
            """,
            logger: logger
        ).values(Data.self) {
            data.append(chunk)
        }
        return data
    }

    /// See ``JobPageStore/times(id:)``.
    public func times(id: Int64) async throws -> JobTimes {
        try await read("reading job \(id)'s times") { [logger] connection in
            var times = JobTimes()
            if let row = try await connection.query(
                "SELECT started_at, finished_at, runner FROM job_times WHERE job_id = \(id)",
                logger: logger
            ).records().first {
                times.job = JobTimes.Span(started: try row.date("started_at"), finished: try row.date("finished_at"))
                times.runner = try row.value("runner")
            }
            for row in try await connection.query(
                "SELECT name, started_at, finished_at FROM task_times WHERE job_id = \(id)",
                logger: logger
            ).records() {
                times.tasks[try row.value("name")] = JobTimes.Span(
                    started: try row.date("started_at"),
                    finished: try row.date("finished_at")
                )
            }
            return times
        }
    }
}
