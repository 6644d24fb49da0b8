public import Foundation
import HckCore
import Logging
import Manifest
import PostgresNIO
import Wire

/// The two ways the server ends a job without its runner: the lease ran out (runner gone) or the
/// deadline passed (runner hung, or alive but never finishing). Rows are locked `SKIP LOCKED`, so two
/// servers reaping at once share the work instead of doing it twice.
extension PostgresJobStore {
    /// See ``JobStore/expireLeases(now:)``.
    public func expireLeases(now: Date) async throws -> [Job] {
        try await write("expiring leases") { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT id, cancel_requested FROM jobs
                WHERE status = 'running' AND lease_expires_at < \(now.timeIntervalSince1970)
                ORDER BY id FOR UPDATE SKIP LOCKED
                """,
                logger: logger
            ).records()
            var changed: [Job] = []
            for row in rows {
                let id: Int64 = try row.value("id")
                let tasksStarted = try await !connection.query(
                    "SELECT 1 FROM tasks WHERE job_id = \(id) AND status <> 'pending' LIMIT 1",
                    logger: logger
                ).values(Int.self).isEmpty
                if try row.value("cancel_requested", as: Bool.self) {
                    try await Self.end(
                        connection,
                        id: id,
                        status: .cancelled,
                        reason: "cancelled; runner lost",
                        now: now,
                        logger: logger
                    )
                } else if tasksStarted {
                    try await Self.end(
                        connection,
                        id: id,
                        status: .failed,
                        reason: "runner lost",
                        now: now,
                        logger: logger
                    )
                } else {
                    try await Self.requeue(connection, id: id, now: now, logger: logger)
                }
                if let updated = try await Self.fetchJob(connection, id: id, logger: logger) { changed.append(updated) }
            }
            return changed
        }
    }

    /// Puts a running job back in the queue, as if never taken, and revokes its job tokens.
    static func requeue(_ connection: PostgresConnection, id: Int64, now: Date, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE jobs SET status = 'queued', runner = NULL, lease_expires_at = NULL, deadline = NULL,
                updated_at = \(now.timeIntervalSince1970)
            WHERE id = \(id)
            """,
            logger: logger
        )
        // Tasks that ran start again with the next runner.
        try await connection.query("UPDATE tasks SET status = 'pending' WHERE job_id = \(id)", logger: logger)
        try await revokeJobTokens(connection, id: id, now: now, logger: logger)
    }

    /// See ``JobStore/outagesBegun()``: each outage the pool's probe confirmed rang `lost` once (a query
    /// that only met a busy pool rings nothing here: load is no outage).
    public func outagesBegun() async -> UInt64 {
        await pool.changes.generation(of: .lost)
    }

    /// See ``JobStore/extendLeases(until:)``.
    public func extendLeases(until: Date) async throws -> Int {
        try await write("extending leases after an outage") { [logger] connection in
            let rows = try await connection.query(
                """
                UPDATE jobs SET lease_expires_at = \(until.timeIntervalSince1970)
                WHERE status = 'running' AND lease_expires_at < \(until.timeIntervalSince1970)
                RETURNING id
                """,
                logger: logger
            )
            return try await rows.values(Int64.self).count
        }
    }

    /// See ``JobStore/expireDeadlines(now:)``.
    public func expireDeadlines(now: Date) async throws -> [Job] {
        try await write("ending jobs past their deadline") { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT id, deadline FROM jobs WHERE status = 'running' AND deadline < \(now.timeIntervalSince1970)
                ORDER BY id FOR UPDATE SKIP LOCKED
                """,
                logger: logger
            ).records()
            var ended: [Job] = []
            for row in rows {
                let id: Int64 = try row.value("id")
                let deadline = Date(timeIntervalSince1970: try row.value("deadline"))
                let reason = "still running at its deadline (\(deadline.formatted(.iso8601))); ended by the server"
                try await Self.end(connection, id: id, status: .timeout, reason: reason, now: now, logger: logger)
                if let job = try await Self.fetchJob(connection, id: id, logger: logger) { ended.append(job) }
            }
            return ended
        }
    }
}
