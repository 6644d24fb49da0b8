public import Foundation
import HckCore
import Logging
public import Manifest
import PostgresNIO
public import Wire

extension PostgresJobStore {
    /// See ``JobStore/claim(runner:leaseUntil:deadline:)``: one statement picks the oldest fitting
    /// queued job that no other transaction has locked (`FOR UPDATE SKIP LOCKED`) and takes it, so
    /// servers sharing the database never hand one job to two runners, nor wait on each other. It
    /// returns the picked row's `updated_at` as it was: when the job entered the queue.
    public func claim(runner: RunnerRecord, leaseUntil: Date, deadline: Date) async throws -> ClaimedJob? {
        let images = runner.capacity.images
        let arches = runner.capacity.arches
        guard !images.isEmpty, !arches.isEmpty else { return nil }
        let now = Date().timeIntervalSince1970
        return try await write("claiming a job for runner \(runner.name)") { [logger] connection in
            let claimed = try await connection.query(
                """
                WITH picked AS (
                    SELECT id, updated_at FROM jobs
                    WHERE status = 'queued' AND image = ANY(\(images)) AND arch = ANY(\(arches))
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs SET status = 'running', runner = \(runner.name),
                    lease_expires_at = \(leaseUntil.timeIntervalSince1970),
                    deadline = \(deadline.timeIntervalSince1970), updated_at = \(now)
                FROM picked WHERE jobs.id = picked.id
                RETURNING jobs.id, picked.updated_at
                """,
                logger: logger
            ).records()
            guard let row = claimed.first else { return nil }
            let queuedAt = Date(timeIntervalSince1970: try row.value("updated_at"))
            return try await Self.fetchJob(connection, id: try row.value("id"), logger: logger).map {
                ClaimedJob(job: $0, queuedAt: queuedAt)
            }
        }
    }

    /// See ``JobStore/giveBack(id:runner:now:)``.
    public func giveBack(id: Int64, runner: String, now: Date) async throws -> Job? {
        try await write("giving job \(id) back to the queue") { [logger] connection in
            guard try await Self.holds(connection, id: id, runner: runner, logger: logger) else { return nil }
            try await Self.requeue(connection, id: id, now: now, logger: logger)
            return try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/heartbeat(id:runner:leaseUntil:)``.
    public func heartbeat(id: Int64, runner: String, leaseUntil: Date) async throws -> Job? {
        try await write("extending job \(id)'s lease") { [logger] connection in
            let held = try await connection.query(
                """
                UPDATE jobs SET lease_expires_at = \(leaseUntil.timeIntervalSince1970)
                WHERE id = \(id) AND runner = \(runner) AND status = 'running' RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            return held.isEmpty ? nil : try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/updateTask(id:runner:task:status:)``.
    public func updateTask(id: Int64, runner: String, task: String, status: TaskStatus) async throws -> Job? {
        try await write("updating job \(id)'s task '\(task)'") { [logger] connection in
            guard try await Self.holds(connection, id: id, runner: runner, logger: logger) else { return nil }
            let updated = try await connection.query(
                "UPDATE tasks SET status = \(status.rawValue) WHERE job_id = \(id) AND name = \(task) RETURNING 1",
                logger: logger
            ).values(Int.self)
            guard updated.count == 1 else { throw StoreError(.notFound, "job \(id) has no task named '\(task)'") }
            return try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/finish(id:runner:status:reason:now:)``.
    public func finish(id: Int64, runner: String, status: JobStatus, reason: String?, now: Date) async throws -> Job? {
        try await write("finishing job \(id)") { [logger] connection in
            guard try await Self.holds(connection, id: id, runner: runner, logger: logger) else { return nil }
            try await Self.end(connection, id: id, status: status, reason: reason, now: now, logger: logger)
            return try await Self.fetchJob(connection, id: id, logger: logger)
        }
    }

    /// See ``JobStore/register(runner:now:)``.
    public func register(runner: RunnerRecord, now: Date) async throws {
        let capacity = String(decoding: try JSONEncoder().encode(runner.capacity), as: UTF8.self)
        try await write("registering runner \(runner.name)") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO runners (name, capacity, seen_at)
                VALUES (\(runner.name), \(capacity), \(now.timeIntervalSince1970))
                ON CONFLICT (name) DO UPDATE SET capacity = excluded.capacity, seen_at = excluded.seen_at
                """,
                logger: logger
            )
        }
    }

    /// See ``JobStore/runners()``.
    public func runners() async throws -> [RunnerRecord] {
        try await read("listing runners") { [logger] connection in
            try await connection.query("SELECT name, capacity, seen_at FROM runners ORDER BY name", logger: logger)
                .records().map {
                    let json: String = try $0.value("capacity")
                    return RunnerRecord(
                        name: try $0.value("name"),
                        capacity: try JSONDecoder().decode(RunnerCapacity.self, from: Data(json.utf8)),
                        lastHeardAt: Date(timeIntervalSince1970: try $0.value("seen_at"))
                    )
                }
        }
    }

    /// See ``JobStore/heard(runner:now:)``.
    public func heard(runner: String, now: Date) async throws {
        try await write("noting that runner \(runner) was heard from") { [logger] connection in
            try await connection.query(
                "UPDATE runners SET seen_at = \(now.timeIntervalSince1970) WHERE name = \(runner)",
                logger: logger
            )
        }
    }

    /// See ``JobStore/runningJobsByRunner()``.
    public func runningJobsByRunner() async throws -> [String: [Int64]] {
        try await read("listing running jobs by runner") { [logger] connection in
            let rows = try await connection.query(
                "SELECT runner, id FROM jobs WHERE status = 'running' AND runner IS NOT NULL ORDER BY id",
                logger: logger
            ).records()
            var running: [String: [Int64]] = [:]
            for row in rows { running[try row.value("runner"), default: []].append(try row.value("id")) }
            return running
        }
    }

    /// Whether the runner holds the running job; locks the job's row until the transaction ends, so a
    /// lease expiry or cancel cannot change it meanwhile.
    static func holds(_ connection: PostgresConnection, id: Int64, runner: String, logger: Logger) async throws -> Bool
    {
        try await !connection.query(
            "SELECT 1 FROM jobs WHERE id = \(id) AND runner = \(runner) AND status = 'running' FOR UPDATE",
            logger: logger
        ).values(Int.self).isEmpty
    }
}
