import Foundation
import HckCore
public import Logging
public import ServiceLifecycle
public import Store
import Wire

/// Submits users' schedules at their ticks: every `interval` it reads the schedules, and for each
/// that owes a tick at the clock's time (``ScheduleDue``) it claims the tick in the store and, when
/// the claim is its own, submits the schedule's manifests as one job group of the owner's
/// (``JobService/submit(_:of:)``). A `Service` of the server's group.
///
/// The claim makes each tick run once: across restarts (the store keeps the last tick claimed) and
/// with several servers on one database (only one moves the last tick forward). After downtime only
/// the last missed tick is submitted, and its note says how many went by. A tick is claimed before
/// it is submitted, so a server that stops between the two loses that tick rather than letting two
/// servers submit it.
public struct ScheduleTicker: Service, CustomStringConvertible {
    /// How the service is named in the log.
    public var description: String { "schedule ticker" }

    let jobs: JobService
    let interval: Duration
    let logger: Logger

    /// Creates the ticker.
    /// - Parameters:
    ///   - jobs: the job rules, with the store and the clock the schedules go by.
    ///   - interval: how often to look for ticks owed (a tick is submitted up to this late).
    public init(jobs: JobService, interval: Duration = .seconds(10), logger: Logger) {
        self.jobs = jobs
        self.interval = interval
        self.logger = logger
    }

    /// Runs until graceful shutdown.
    public func run() async throws {
        // The ticks owed during a store outage are still owed after it.
        await repeatPasses(every: interval, name: "schedule ticker", logger: logger) { try await tick() }
    }

    /// One pass at the clock's time: claims and submits every tick owed, and returns the groups
    /// it submitted. A schedule whose tick cannot be submitted (its manifest names a secret its
    /// owner removed, no runner offers its image any more) is logged and skipped; its tick stays
    /// claimed, and the next one is tried at its time.
    /// - Throws: `StoreError` when the schedules cannot be read or a tick cannot be claimed.
    @discardableResult
    public func tick() async throws -> [JobGroup] {
        let now = jobs.clock.now
        var submitted: [JobGroup] = []
        for schedule in try await jobs.store.schedules(owner: nil) {
            let due: ScheduleDue
            do {
                guard let owed = ScheduleDue.of(schedule, cron: try schedule.parsedCron(), now: now) else { continue }
                due = owed
            } catch {
                logger.error("schedule ticker: \(error)")
                continue
            }
            guard try await jobs.store.claimTick(scheduleID: schedule.id, tick: due.tick) else { continue }
            do {
                let group = try await jobs.submit(due, of: schedule)
                let missed = due.missed > 0 ? " (\(due.missed) earlier ticks missed)" : ""
                logger.notice(
                    "schedule \(schedule.name) of \(schedule.owner): tick \(due.tick) submitted as group \(group.id)\(missed)"
                )
                submitted.append(group)
            } catch let error as StoreError where error.code == .unreachable {
                throw error
            } catch {
                logger.error("schedule \(schedule.name) of \(schedule.owner): tick \(due.tick) not submitted: \(error)")
            }
        }
        return submitted
    }
}
