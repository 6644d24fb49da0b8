public import Foundation
import HckCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// See ``ScheduleStore/addSchedule(_:)``.
    public func addSchedule(_ schedule: Schedule) async throws -> Schedule {
        let manifests = try Schedule.encodeList(schedule.manifests)
        let tags = try Schedule.encodeList(schedule.tags)
        return try await write("adding \(schedule.owner)'s schedule \(schedule.name)") { [logger] connection in
            let added = try await connection.query(
                """
                INSERT INTO schedules (owner, name, cron, manifests, tags, note, created_at)
                VALUES (\(schedule.owner), \(schedule.name), \(schedule.cron), \(manifests), \(tags), \(schedule.note),
                    \(schedule.createdAt.timeIntervalSince1970))
                ON CONFLICT (owner, name) DO NOTHING RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = added.first else { throw Schedule.duplicate(schedule) }
            var stored = schedule
            stored.id = id
            stored.lastTick = nil
            return stored
        }
    }

    /// See ``ScheduleStore/schedules(owner:)``.
    public func schedules(owner: String?) async throws -> [Schedule] {
        try await read("listing schedules") { [logger] connection in
            try await Self.ownedRows(connection, of: "schedules", owner: owner, logger: logger).map { row in
                Schedule(
                    id: try row.value("id"),
                    owner: try row.value("owner"),
                    name: try row.value("name"),
                    cron: try row.value("cron"),
                    manifests: try Schedule.decodeList(try row.value("manifests")),
                    tags: try Schedule.decodeList(try row.value("tags")),
                    note: try row.value("note"),
                    createdAt: Date(timeIntervalSince1970: try row.value("created_at")),
                    lastTick: try row.date("last_tick")
                )
            }
        }
    }

    /// See ``ScheduleStore/removeSchedule(owner:name:)``.
    public func removeSchedule(owner: String, name: String) async throws -> Bool {
        try await write("removing \(owner)'s schedule \(name)") { [logger] connection in
            try await !connection.query(
                "DELETE FROM schedules WHERE owner = \(owner) AND name = \(name) RETURNING 1",
                logger: logger
            ).values(Int.self).isEmpty
        }
    }

    /// See ``ScheduleStore/claimTick(scheduleID:tick:)``.
    public func claimTick(scheduleID: Int64, tick: Date) async throws -> Bool {
        let seconds = tick.timeIntervalSince1970
        return try await write("claiming a tick of schedule \(scheduleID)") { [logger] connection in
            try await !connection.query(
                """
                UPDATE schedules SET last_tick = \(seconds)
                WHERE id = \(scheduleID) AND (last_tick IS NULL OR last_tick < \(seconds)) RETURNING 1
                """,
                logger: logger
            ).values(Int.self).isEmpty
        }
    }
}
