public import Foundation
import GRDB
import Manifest
import Wire

/// The two ways the server ends a job without its runner: the lease ran out (runner gone) or the
/// deadline passed (runner hung, or alive but never finishing).
extension SQLiteJobStore {
    /// See ``JobStore/expireLeases(now:)``.
    public func expireLeases(now: Date) async throws -> [Job] {
        try await pool.write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM jobs WHERE status = 'running' AND lease_expires_at < ?",
                arguments: [now.timeIntervalSince1970]
            )
            var changed: [Job] = []
            for id in ids {
                guard let job = try Self.fetchJob(db, id: id) else { continue }
                if job.cancelRequested {
                    try Self.end(db, id: id, status: .cancelled, reason: "cancelled; runner lost", now: now)
                } else if job.tasksStarted {
                    try Self.end(db, id: id, status: .failed, reason: "runner lost", now: now)
                } else {
                    try Self.requeue(db, id: id, now: now)
                }
                if let updated = try Self.fetchJob(db, id: id) { changed.append(updated) }
            }
            return changed
        }
    }

    /// Puts a running job back in the queue, as if never taken, and revokes its job tokens.
    static func requeue(_ db: Database, id: Int64, now: Date) throws {
        try db.execute(
            sql: """
                UPDATE jobs SET status = 'queued', runner = NULL, lease_expires_at = NULL, deadline = NULL,
                updated_at = ? WHERE id = ?
                """,
            arguments: [now.timeIntervalSince1970, id]
        )
        // Tasks that ran start again with the next runner.
        try db.execute(sql: "UPDATE tasks SET status = 'pending' WHERE job_id = ?", arguments: [id])
        try revokeJobTokens(db, id: id, now: now)
    }

    /// See ``JobStore/outagesBegun()``: a local file is never unreachable.
    public func outagesBegun() async -> UInt64 { 0 }

    /// See ``JobStore/extendLeases(until:)``.
    public func extendLeases(until: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET lease_expires_at = ? WHERE status = 'running' AND lease_expires_at < ?",
                arguments: [until.timeIntervalSince1970, until.timeIntervalSince1970]
            )
            return db.changesCount
        }
    }

    /// See ``JobStore/expireDeadlines(now:)``.
    public func expireDeadlines(now: Date) async throws -> [Job] {
        try await pool.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT id, deadline FROM jobs WHERE status = 'running' AND deadline < ?",
                arguments: [now.timeIntervalSince1970]
            )
            var ended: [Job] = []
            for row in rows {
                let id: Int64 = row["id"]
                let deadline = Date(timeIntervalSince1970: row["deadline"])
                let reason = "still running at its deadline (\(deadline.formatted(.iso8601))); ended by the server"
                try Self.end(db, id: id, status: .timeout, reason: reason, now: now)
                if let job = try Self.fetchJob(db, id: id) { ended.append(job) }
            }
            return ended
        }
    }
}
