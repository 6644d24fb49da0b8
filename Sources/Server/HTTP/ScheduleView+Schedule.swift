import Foundation
import Store
import Wire

extension ScheduleView {
    /// The view of a stored schedule, with its next tick after `now`.
    init(_ schedule: Schedule, now: Date) throws {
        self.init(
            name: schedule.name,
            cron: schedule.cron,
            manifestCount: schedule.manifests.count,
            tags: schedule.tags,
            note: schedule.note,
            created: schedule.createdAt,
            lastTick: schedule.lastTick,
            nextTick: try schedule.parsedCron().nextTick(after: now)
        )
    }
}
