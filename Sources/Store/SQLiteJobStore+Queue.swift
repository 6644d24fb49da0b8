public import Foundation
import GRDB
import HckCore
public import Manifest
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/claim(runner:leaseUntil:deadline:)``.
    public func claim(runner: RunnerRecord, leaseUntil: Date, deadline: Date) async throws -> ClaimedJob? {
        let images = runner.capacity.images
        let arches = runner.capacity.arches
        guard !images.isEmpty, !arches.isEmpty else { return nil }
        return try await pool.write { db in
            let sql = """
                SELECT id, updated_at FROM jobs WHERE status = 'queued'
                AND image IN (\(databaseQuestionMarks(count: images.count)))
                AND arch IN (\(databaseQuestionMarks(count: arches.count)))
                ORDER BY id LIMIT 1
                """
            guard let row = try Row.fetchOne(db, sql: sql, arguments: StatementArguments(images + arches)) else {
                return nil
            }
            let id: Int64 = row["id"]
            let queuedAt = Date(timeIntervalSince1970: row["updated_at"])
            try db.execute(
                sql: """
                    UPDATE jobs SET status = 'running', runner = ?, lease_expires_at = ?, deadline = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    runner.name, leaseUntil.timeIntervalSince1970, deadline.timeIntervalSince1970,
                    Date().timeIntervalSince1970, id,
                ]
            )
            return try Self.fetchJob(db, id: id).map { ClaimedJob(job: $0, queuedAt: queuedAt) }
        }
    }

    /// See ``JobStore/giveBack(id:runner:now:)``.
    public func giveBack(id: Int64, runner: String, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard try Self.holds(db, id: id, runner: runner) else { return nil }
            try Self.requeue(db, id: id, now: now)
            return try Self.fetchJob(db, id: id)
        }
    }

    /// See ``JobStore/heartbeat(id:runner:leaseUntil:)``.
    public func heartbeat(id: Int64, runner: String, leaseUntil: Date) async throws -> Job? {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND runner = ? AND status = 'running'",
                arguments: [leaseUntil.timeIntervalSince1970, id, runner]
            )
            return db.changesCount == 1 ? try Self.fetchJob(db, id: id) : nil
        }
    }

    /// See ``JobStore/updateTask(id:runner:task:status:)``.
    public func updateTask(id: Int64, runner: String, task: String, status: TaskStatus) async throws -> Job? {
        try await pool.write { db in
            guard try Self.holds(db, id: id, runner: runner) else { return nil }
            try db.execute(
                sql: "UPDATE tasks SET status = ? WHERE job_id = ? AND name = ?",
                arguments: [status.rawValue, id, task]
            )
            guard db.changesCount == 1 else { throw StoreError(.notFound, "job \(id) has no task named '\(task)'") }
            return try Self.fetchJob(db, id: id)
        }
    }

    /// See ``JobStore/finish(id:runner:status:reason:now:)``.
    public func finish(id: Int64, runner: String, status: JobStatus, reason: String?, now: Date) async throws -> Job? {
        try await pool.write { db in
            guard try Self.holds(db, id: id, runner: runner) else { return nil }
            try Self.end(db, id: id, status: status, reason: reason, now: now)
            return try Self.fetchJob(db, id: id)
        }
    }

    /// See ``JobStore/register(runner:now:)``.
    public func register(runner: RunnerRecord, now: Date) async throws {
        let capacity = String(decoding: try JSONEncoder().encode(runner.capacity), as: UTF8.self)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runners (name, capacity, seen_at) VALUES (?, ?, ?)
                    ON CONFLICT(name) DO UPDATE SET capacity = excluded.capacity, seen_at = excluded.seen_at
                    """,
                arguments: [runner.name, capacity, now.timeIntervalSince1970]
            )
        }
    }

    /// See ``JobStore/runners()``.
    public func runners() async throws -> [RunnerRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, capacity, seen_at FROM runners ORDER BY name").map { row in
                let json: String = row["capacity"]
                return RunnerRecord(
                    name: row["name"],
                    capacity: try JSONDecoder().decode(RunnerCapacity.self, from: Data(json.utf8)),
                    lastHeardAt: Date(timeIntervalSince1970: row["seen_at"])
                )
            }
        }
    }

    /// See ``JobStore/heard(runner:now:)``.
    public func heard(runner: String, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE runners SET seen_at = ? WHERE name = ?",
                arguments: [now.timeIntervalSince1970, runner]
            )
        }
    }

    /// See ``JobStore/runningJobsByRunner()``.
    public func runningJobsByRunner() async throws -> [String: [Int64]] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT runner, id FROM jobs WHERE status = 'running' AND runner IS NOT NULL ORDER BY id"
            )
            var running: [String: [Int64]] = [:]
            for row in rows { running[row["runner"] as String, default: []].append(row["id"]) }
            return running
        }
    }

    static func holds(_ db: Database, id: Int64, runner: String) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: "SELECT 1 FROM jobs WHERE id = ? AND runner = ? AND status = 'running'",
            arguments: [id, runner]
        ) == true
    }
}
