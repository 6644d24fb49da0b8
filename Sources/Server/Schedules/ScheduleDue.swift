public import Foundation
public import Store
public import Wire

/// What one schedule owes at a given time: the tick to submit now, and how many earlier ticks went
/// by unsubmitted (while no server ran). Only the last missed tick is submitted, and its note says
/// so.
public struct ScheduleDue: Sendable, Hashable {
    /// The tick to claim and submit.
    public var tick: Date
    /// The ticks before it, after the last one submitted, that were missed.
    public var missed: Int

    /// Makes one from its fields.
    public init(tick: Date, missed: Int) {
        self.tick = tick
        self.missed = missed
    }

    /// The tick `schedule` owes at `now`, or `nil` when its last tick (or, before the first, its
    /// creation) is the latest already.
    public static func of(_ schedule: Schedule, cron: CronSchedule, now: Date) -> ScheduleDue? {
        let since = schedule.lastTick ?? schedule.createdAt
        guard let tick = cron.lastTick(notAfter: now, after: since) else { return nil }
        return ScheduleDue(tick: tick, missed: cron.ticks(after: since, before: tick))
    }

    /// The jobs' note: the schedule's own, then which tick this is and, after downtime, how many
    /// ticks were skipped.
    public func note(for schedule: Schedule) -> String {
        let formatter = ISO8601DateFormatter()
        var lines = schedule.note.map { [$0, ""] } ?? []
        lines.append("schedule \(schedule.name) (\(schedule.cron)), tick \(formatter.string(from: tick))")
        if missed > 0 {
            lines.append(
                "\(missed) earlier tick\(missed == 1 ? " was" : "s were") missed while no server ran; only this last one is submitted"
            )
        }
        return lines.joined(separator: "\n")
    }
}
