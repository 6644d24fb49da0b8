import Foundation
import HckCore
import PostgresNIO
public import Wire

extension PostgresJobStore {
    /// See ``JobStore/createGroup(owner:note:triggers:jobIDs:)``.
    public func createGroup(owner: String, note: String?, triggers: [GroupTrigger], jobIDs: [Int64]) async throws
        -> JobGroup
    {
        let triggersJSON = String(decoding: try JSONEncoder().encode(triggers), as: UTF8.self)
        let now = Date().timeIntervalSince1970
        return try await write("grouping jobs of \(owner)") { [logger] connection in
            for id in jobIDs {
                let row = try await connection.query(
                    "SELECT owner, group_id FROM jobs WHERE id = \(id) FOR UPDATE",
                    logger: logger
                ).records().first
                guard let row, try row.value("owner", as: String.self) == owner else {
                    throw StoreError(.notFound, "job \(id) is not \(owner)'s")
                }
                if let group = try row.value("group_id", as: Int64?.self) {
                    throw StoreError(.duplicate, "job \(id) is already in group \(group)")
                }
            }
            let created = try await connection.query(
                """
                INSERT INTO job_groups (owner, note, triggers, created_at)
                VALUES (\(owner), \(note), \(triggersJSON), \(now))
                RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = created.first else { throw StoreError(.database, "creating a group returned no id") }
            try await connection.query("UPDATE jobs SET group_id = \(id) WHERE id = ANY(\(jobIDs))", logger: logger)
            return JobGroup(id: id, owner: owner, note: note, triggers: triggers, jobIDs: jobIDs)
        }
    }

    /// See ``JobStore/group(id:)``.
    public func group(id: Int64) async throws -> JobGroup? {
        try await read("reading group \(id)") { [logger] connection in
            guard
                let row = try await connection.query("SELECT * FROM job_groups WHERE id = \(id)", logger: logger)
                    .records().first
            else { return nil }
            let json: String = try row.value("triggers")
            return JobGroup(
                id: id,
                owner: try row.value("owner"),
                note: try row.value("note"),
                triggers: try JSONDecoder().decode([GroupTrigger].self, from: Data(json.utf8)),
                jobIDs: try await connection.query(
                    "SELECT id FROM jobs WHERE group_id = \(id) ORDER BY id",
                    logger: logger
                )
                .values(Int64.self)
            )
        }
    }

    /// See ``JobStore/claimGroupCompletion(id:)``: one statement, so exactly one caller sees true.
    public func claimGroupCompletion(id: Int64) async throws -> Bool {
        try await write("completing group \(id)") { [logger] connection in
            try await !connection.query(
                """
                UPDATE job_groups SET completed = TRUE WHERE id = \(id) AND NOT completed
                AND NOT EXISTS (
                    SELECT 1 FROM jobs WHERE group_id = \(id) AND status IN ('pending', 'queued', 'running')
                )
                RETURNING 1
                """,
                logger: logger
            ).values(Int.self).isEmpty
        }
    }

    /// See ``JobStore/unfiredTriggers()``.
    public func unfiredTriggers() async throws -> [TriggerWork] {
        try await read("listing unfired triggers") { [logger] connection in
            let jobs = try await connection.query(
                """
                SELECT id FROM jobs WHERE NOT triggers_fired AND status NOT IN ('pending', 'queued', 'running')
                ORDER BY id
                """,
                logger: logger
            ).values(Int64.self)
            let groups = try await connection.query(
                "SELECT id FROM job_groups WHERE NOT triggers_fired AND completed ORDER BY id",
                logger: logger
            ).values(Int64.self)
            return jobs.map(TriggerWork.job) + groups.map(TriggerWork.group)
        }
    }

    /// See ``JobStore/markTriggersFired(_:)``.
    public func markTriggersFired(_ work: TriggerWork) async throws {
        try await write("marking triggers fired") { [logger] connection in
            switch work {
            case .job(let id):
                try await connection.query("UPDATE jobs SET triggers_fired = TRUE WHERE id = \(id)", logger: logger)
            case .group(let id):
                try await connection.query(
                    "UPDATE job_groups SET triggers_fired = TRUE WHERE id = \(id)",
                    logger: logger
                )
            case .groupStarted:
                break  // nothing stored
            }
        }
    }
}
