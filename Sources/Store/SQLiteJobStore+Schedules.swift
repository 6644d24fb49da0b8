public import Foundation
import GRDB
import HckCore

extension SQLiteJobStore {
    /// See ``ScheduleStore/addSchedule(_:)``.
    public func addSchedule(_ schedule: Schedule) async throws -> Schedule {
        let manifests = try Schedule.encodeList(schedule.manifests)
        let tags = try Schedule.encodeList(schedule.tags)
        return try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO schedules (owner, name, cron, manifests, tags, note, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO NOTHING
                    """,
                arguments: [
                    schedule.owner, schedule.name, schedule.cron, manifests, tags, schedule.note,
                    schedule.createdAt.timeIntervalSince1970,
                ]
            )
            guard db.changesCount > 0 else { throw Schedule.duplicate(schedule) }
            var added = schedule
            added.id = db.lastInsertedRowID
            added.lastTick = nil
            return added
        }
    }

    /// See ``ScheduleStore/schedules(owner:)``.
    public func schedules(owner: String?) async throws -> [Schedule] {
        try await pool.read { db in
            try Self.ownedRows(db, of: "schedules", owner: owner).map { row in
                Schedule(
                    id: row["id"],
                    owner: row["owner"],
                    name: row["name"],
                    cron: row["cron"],
                    manifests: try Schedule.decodeList(row["manifests"]),
                    tags: try Schedule.decodeList(row["tags"]),
                    note: row["note"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]),
                    lastTick: (row["last_tick"] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
    }

    /// See ``ScheduleStore/removeSchedule(owner:name:)``.
    public func removeSchedule(owner: String, name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM schedules WHERE owner = ? AND name = ?", arguments: [owner, name])
            return db.changesCount > 0
        }
    }

    /// See ``ScheduleStore/claimTick(scheduleID:tick:)``.
    public func claimTick(scheduleID: Int64, tick: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE schedules SET last_tick = ? WHERE id = ? AND (last_tick IS NULL OR last_tick < ?)",
                arguments: [tick.timeIntervalSince1970, scheduleID, tick.timeIntervalSince1970]
            )
            return db.changesCount > 0
        }
    }
}
