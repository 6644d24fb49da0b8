import HckCore
public import Store
public import Wire

extension Schedule {
    /// The schedule's cron expression, read. It was read when the schedule was added, so a failure
    /// here is a store that holds what no server wrote.
    /// - Throws: `JobError` `.corrupt`, naming the schedule.
    public func parsedCron() throws -> CronSchedule {
        do {
            return try CronSchedule(parsing: cron)
        } catch {
            throw JobError(
                .corrupt,
                "\(owner)'s schedule \(name) holds a cron expression that cannot be read: \(error)"
            )
        }
    }
}
