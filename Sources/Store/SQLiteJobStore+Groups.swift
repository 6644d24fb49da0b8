import Foundation
import GRDB
import HckCore
public import Wire

extension SQLiteJobStore {
    /// See ``JobStore/createGroup(owner:note:triggers:jobIDs:)``.
    public func createGroup(owner: String, note: String?, triggers: [GroupTrigger], jobIDs: [Int64]) async throws
        -> JobGroup
    {
        let triggersJSON = String(decoding: try JSONEncoder().encode(triggers), as: UTF8.self)
        return try await pool.write { db in
            for id in jobIDs {
                let row = try Row.fetchOne(db, sql: "SELECT owner, group_id FROM jobs WHERE id = ?", arguments: [id])
                guard let row, row["owner"] as String == owner else {
                    throw StoreError(.notFound, "job \(id) is not \(owner)'s")
                }
                if let group = row["group_id"] as Int64? {
                    throw StoreError(.duplicate, "job \(id) is already in group \(group)")
                }
            }
            try db.execute(
                sql:
                    "INSERT INTO job_groups (owner, note, triggers, created_at, triggers_fired) VALUES (?, ?, ?, ?, 0)",
                arguments: [owner, note, triggersJSON, Date().timeIntervalSince1970]
            )
            let id = db.lastInsertedRowID
            for job in jobIDs {
                try db.execute(sql: "UPDATE jobs SET group_id = ? WHERE id = ?", arguments: [id, job])
            }
            return JobGroup(id: id, owner: owner, note: note, triggers: triggers, jobIDs: jobIDs)
        }
    }

    /// See ``JobStore/group(id:)``.
    public func group(id: Int64) async throws -> JobGroup? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM job_groups WHERE id = ?", arguments: [id]) else {
                return nil
            }
            let json: String = row["triggers"]
            return JobGroup(
                id: id,
                owner: row["owner"],
                note: row["note"],
                triggers: try JSONDecoder().decode([GroupTrigger].self, from: Data(json.utf8)),
                jobIDs: try Int64.fetchAll(
                    db,
                    sql: "SELECT id FROM jobs WHERE group_id = ? ORDER BY id",
                    arguments: [id]
                )
            )
        }
    }

    /// See ``JobStore/claimGroupCompletion(id:)``.
    public func claimGroupCompletion(id: Int64) async throws -> Bool {
        try await pool.write { db in
            let unfinished =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM jobs WHERE group_id = ?
                        AND status IN ('pending', 'queued', 'running')
                        """,
                    arguments: [id]
                ) ?? 0
            guard unfinished == 0 else { return false }
            try db.execute(sql: "UPDATE job_groups SET completed = 1 WHERE id = ? AND completed = 0", arguments: [id])
            return db.changesCount == 1
        }
    }

    /// See ``JobStore/unfiredTriggers()``.
    public func unfiredTriggers() async throws -> [TriggerWork] {
        try await pool.read { db in
            let jobs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM jobs WHERE triggers_fired = 0
                    AND status NOT IN ('pending', 'queued', 'running') ORDER BY id
                    """
            )
            let groups = try Int64.fetchAll(
                db,
                sql: "SELECT id FROM job_groups WHERE triggers_fired = 0 AND completed = 1 ORDER BY id"
            )
            return jobs.map(TriggerWork.job) + groups.map(TriggerWork.group)
        }
    }

    /// See ``JobStore/markTriggersFired(_:)``.
    public func markTriggersFired(_ work: TriggerWork) async throws {
        try await pool.write { db in
            switch work {
            case .job(let id): try db.execute(sql: "UPDATE jobs SET triggers_fired = 1 WHERE id = ?", arguments: [id])
            case .group(let id):
                try db.execute(sql: "UPDATE job_groups SET triggers_fired = 1 WHERE id = ?", arguments: [id])
            case .groupStarted:
                break  // nothing stored
            }
        }
    }
}
