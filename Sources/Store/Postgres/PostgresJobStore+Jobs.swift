public import Foundation
import HckCore
import Logging
public import Manifest
import PostgresNIO
import Wire

extension PostgresJobStore {
    /// See ``JobStore/insert(_:)``.
    public func insert(_ job: NewJob) async throws -> Job {
        let now = Date().timeIntervalSince1970
        let status = (job.execute ? JobStatus.queued : .pending).rawValue
        return try await write("inserting a job of \(job.owner)") { [logger] connection in
            let inserted = try await connection.query(
                """
                INSERT INTO jobs (owner, status, manifest, note, tags, visibility, image, arch, secrets_enabled,
                                  group_id, created_at, updated_at)
                VALUES (\(job.owner), \(status), \(job.manifest), \(job.note), \(job.tags), \(job.visibility.rawValue),
                        \(job.image), \(job.arch), \(job.secretsEnabled), \(job.groupID), \(now), \(now))
                RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = inserted.first else { throw StoreError(.database, "inserting a job returned no id") }
            if !job.taskNames.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO tasks (job_id, position, name, status)
                    SELECT \(id), position - 1, name, 'pending'
                    FROM unnest(\(job.taskNames)::text[]) WITH ORDINALITY AS t(name, position)
                    """,
                    logger: logger
                )
            }
            guard let stored = try await Self.fetchJob(connection, id: id, logger: logger) else {
                throw StoreError(.notFound, "job \(id) vanished right after its insertion")
            }
            return stored
        }
    }

    /// See ``JobStore/job(id:)``.
    public func job(id: Int64) async throws -> Job? {
        try await read("reading job \(id)") { [logger] connection in
            try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/jobs(owner:startingAt:limit:)``.
    public func jobs(owner: String?, startingAt start: Int64?, limit: Int) async throws -> [Job] {
        try await read("listing jobs") { [logger] connection in
            // Two statements rather than `$1 IS NULL OR owner = $1`, so each uses its index.
            let query: PostgresQuery =
                if let owner {
                    """
                    SELECT * FROM jobs WHERE owner = \(owner) AND id <= \(start ?? .max) ORDER BY id DESC LIMIT \(limit)
                    """
                } else {
                    "SELECT * FROM jobs WHERE id <= \(start ?? .max) ORDER BY id DESC LIMIT \(limit)"
                }
            return try await Self.fetchJobs(connection, query, logger: logger)
        }
    }

    /// See ``JobRecordStore/jobCount(owner:)``.
    public func jobCount(owner: String?) async throws -> Int {
        try await read("counting jobs") { [logger] connection in
            let query: PostgresQuery =
                if let owner { "SELECT COUNT(*) FROM jobs WHERE owner = \(owner)" } else { "SELECT COUNT(*) FROM jobs" }
            let counts = try await connection.query(query, logger: logger).values(Int64.self)
            return Int(counts.first ?? 0)
        }
    }

    /// See ``JobStore/start(id:)``.
    public func start(id: Int64) async throws -> Job? {
        let now = Date().timeIntervalSince1970
        return try await write("queueing job \(id)") { [logger] connection in
            let started = try await connection.query(
                """
                UPDATE jobs SET status = 'queued', updated_at = \(now) WHERE id = \(id) AND status = 'pending'
                RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            return started.isEmpty ? nil : try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/cancel(id:now:)``.
    public func cancel(id: Int64, now: Date) async throws -> Job? {
        try await write("cancelling job \(id)") { [logger] connection in
            let statuses = try await connection.query(
                "SELECT status FROM jobs WHERE id = \(id) FOR UPDATE",
                logger: logger
            )
            .values(String.self)
            guard let status = statuses.first.flatMap(JobStatus.init(rawValue:)) else { return nil }
            switch status {
            case .pending, .queued:
                try await Self.end(
                    connection,
                    id: id,
                    status: .cancelled,
                    reason: "cancelled before it ran",
                    now: now,
                    logger: logger
                )
            case .running:
                try await connection.query(
                    """
                    UPDATE jobs SET cancel_requested = TRUE, updated_at = \(now.timeIntervalSince1970) WHERE id = \(id)
                    """,
                    logger: logger
                )
            case .success, .failed, .timeout, .cancelled:
                break
            }
            return try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// Ends a job: its status, its unfinished tasks (running → failed, pending → skipped), no lease, no job tokens.
    static func end(
        _ connection: PostgresConnection,
        id: Int64,
        status: JobStatus,
        reason: String?,
        now: Date,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            UPDATE jobs SET status = \(status.rawValue), reason = \(reason), runner = NULL, lease_expires_at = NULL,
                updated_at = \(now.timeIntervalSince1970)
            WHERE id = \(id)
            """,
            logger: logger
        )
        try await connection.query(
            """
            UPDATE tasks SET status = CASE status WHEN 'running' THEN 'failed' ELSE 'skipped' END
            WHERE job_id = \(id) AND status IN ('running', 'pending')
            """,
            logger: logger
        )
        try await revokeJobTokens(connection, id: id, now: now, logger: logger)
    }

    /// See ``JobStore/statusCounts()``.
    public func statusCounts() async throws -> [JobStatus: Int] {
        try await read("counting jobs") { [logger] connection in
            var counts: [JobStatus: Int] = [:]
            for row in try await connection.query(
                "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status",
                logger: logger
            )
            .records() {
                if let status = JobStatus(rawValue: try row.value("status")) {
                    counts[status] = try row.value("n", as: Int.self)
                }
            }
            return counts
        }
    }
}
