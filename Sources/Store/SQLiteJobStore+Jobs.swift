public import Foundation
import GRDB
import HckCore
public import Manifest
import Wire

extension SQLiteJobStore {
    /// See ``JobStore/insert(_:)``.
    public func insert(_ job: NewJob) async throws -> Job {
        let now = Date().timeIntervalSince1970
        let tags = String(decoding: try JSONEncoder().encode(job.tags), as: UTF8.self)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (owner, status, manifest, note, tags, visibility, image, arch, secrets_enabled,
                                      group_id, created_at, updated_at, triggers_fired)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    job.owner, (job.execute ? JobStatus.queued : .pending).rawValue, job.manifest, job.note, tags,
                    job.visibility.rawValue, job.image, job.arch, job.secretsEnabled, job.groupID, now, now,
                ]
            )
            let id = db.lastInsertedRowID
            for (position, name) in job.taskNames.enumerated() {
                try db.execute(
                    sql: "INSERT INTO tasks (job_id, position, name, status) VALUES (?, ?, ?, 'pending')",
                    arguments: [id, position, name]
                )
            }
            guard let stored = try Self.fetchJob(db, id: id) else {
                throw StoreError(.notFound, "job \(id) vanished right after its insertion")
            }
            return stored
        }
    }

    /// See ``JobStore/job(id:)``.
    public func job(id: Int64) async throws -> Job? {
        try await pool.read { db in try Self.fetchJob(db, id: id) }
    }

    /// See ``JobStore/jobs(owner:startingAt:limit:)``.
    public func jobs(owner: String?, startingAt start: Int64?, limit: Int) async throws -> [Job] {
        try await pool.read { db in
            // Two statements rather than `? IS NULL OR owner = ?`, so each uses its index.
            let rows =
                if let owner {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM jobs WHERE owner = ? AND id <= ? ORDER BY id DESC LIMIT ?",
                        arguments: [owner, start ?? .max, limit]
                    )
                } else {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM jobs WHERE id <= ? ORDER BY id DESC LIMIT ?",
                        arguments: [start ?? .max, limit]
                    )
                }
            return try rows.map { try Self.job(from: $0, tasks: Self.tasks(db, jobID: $0["id"])) }
        }
    }

    /// See ``JobRecordStore/jobCount(owner:)``.
    public func jobCount(owner: String?) async throws -> Int {
        try await pool.read { db in
            if let owner {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs WHERE owner = ?", arguments: [owner]) ?? 0
            } else {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0
            }
        }
    }

    /// See ``JobStore/start(id:)``.
    public func start(id: Int64) async throws -> Job? {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET status = 'queued', updated_at = ? WHERE id = ? AND status = 'pending'",
                arguments: [Date().timeIntervalSince1970, id]
            )
            return db.changesCount == 1 ? try Self.fetchJob(db, id: id) : nil
        }
    }

    /// See ``JobStore/cancel(id:now:)``.
    public func cancel(id: Int64, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard let job = try Self.fetchJob(db, id: id) else { return nil }
            switch job.status {
            case .pending, .queued:
                try Self.end(db, id: id, status: .cancelled, reason: "cancelled before it ran", now: now)
            case .running:
                try db.execute(
                    sql: "UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ?",
                    arguments: [now.timeIntervalSince1970, id]
                )
            case .success, .failed, .timeout, .cancelled:
                break
            }
            return try Self.fetchJob(db, id: id)
        }
    }

    /// Ends a job: its status, its unfinished tasks (running → failed, pending → skipped), no lease.
    static func end(_ db: Database, id: Int64, status: JobStatus, reason: String?, now: Date) throws {
        try db.execute(
            sql: """
                UPDATE jobs SET status = ?, reason = ?, runner = NULL, lease_expires_at = NULL, updated_at = ?
                WHERE id = ?
                """,
            arguments: [status.rawValue, reason, now.timeIntervalSince1970, id]
        )
        try db.execute(
            sql: "UPDATE tasks SET status = 'failed' WHERE job_id = ? AND status = 'running'",
            arguments: [id]
        )
        try db.execute(
            sql: "UPDATE tasks SET status = 'skipped' WHERE job_id = ? AND status = 'pending'",
            arguments: [id]
        )
        try revokeJobTokens(db, id: id, now: now)
    }

    /// See ``JobStore/statusCounts()``.
    public func statusCounts() async throws -> [JobStatus: Int] {
        try await pool.read { db in
            var counts: [JobStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM jobs GROUP BY status") {
                if let status = JobStatus(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}
