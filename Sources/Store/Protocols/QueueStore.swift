public import Foundation
public import Manifest
public import Wire

/// The queue: claiming jobs under leases, heartbeats, task and final statuses, expiry, and the runners that take jobs.
public protocol QueueStore: Sendable {
    /// Atomically gives the oldest queued job this runner can run to it, with a lease until `leaseUntil`,
    /// and says when that job had entered the queue.
    /// - Parameters:
    ///   - runner: the runner taking a job.
    ///   - leaseUntil: when the lease ends unless extended.
    ///   - deadline: when the job ends `timeout` whatever the runner does (see ``expireDeadlines(now:)``).
    func claim(runner: RunnerRecord, leaseUntil: Date, deadline: Date) async throws -> ClaimedJob?
    /// Puts a job the runner holds back in the queue at once, its job tokens revoked: for a take that
    /// failed after its claim (the runner never got the job, or left before it came). Returns the job
    /// queued again, or nil when the runner does not hold it.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - now: the current time.
    func giveBack(id: Int64, runner: String, now: Date) async throws -> Job?
    /// Extends the lease of a job the runner holds; nil when it does not hold it (any more).
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - leaseUntil: the new end of the lease.
    func heartbeat(id: Int64, runner: String, leaseUntil: Date) async throws -> Job?
    /// Records a task's new status; the runner must hold the job.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - task: the task's name.
    ///   - status: its new status.
    func updateTask(id: Int64, runner: String, task: String, status: TaskStatus) async throws -> Job?
    /// Ends a job the runner holds with a final status.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - status: a final status.
    ///   - reason: why, when the status does not say.
    ///   - now: the current time.
    func finish(id: Int64, runner: String, status: JobStatus, reason: String?, now: Date) async throws -> Job?
    /// Handles leases that ended: jobs whose tasks had not started are queued again, others end
    /// `failed` with reason "runner lost" (`cancelled` when a cancel was asked). Returns the jobs changed.
    /// - Parameter now: the current time.
    func expireLeases(now: Date) async throws -> [Job]
    /// Moves the end of every running job's lease that ends before `until` to `until`: after the store
    /// could not be reached, no runner could heartbeat, and none must lose its job for that. Returns how
    /// many leases it moved.
    /// - Parameter until: the new earliest end of a lease.
    func extendLeases(until: Date) async throws -> Int
    /// How many times, since it was opened, the store found its database unreachable (a query failed
    /// for it): the lease reaper compares two counts to tell an outage, during which no runner could
    /// heartbeat, from a store that was only slow under load. A store that cannot be unreachable
    /// (a local file) always answers 0.
    func outagesBegun() async -> UInt64
    /// Ends `timeout` every running job past its deadline (a runner that hung but heartbeats, or never
    /// reports the end), with the reason saying so. Returns the jobs ended.
    /// - Parameter now: the current time.
    func expireDeadlines(now: Date) async throws -> [Job]
    /// Records (or updates) a runner's declared capacity.
    /// - Parameters:
    ///   - runner: name and capacity.
    ///   - now: the current time.
    func register(runner: RunnerRecord, now: Date) async throws
    /// Every registered runner, with when it was last heard from.
    func runners() async throws -> [RunnerRecord]
    /// Notes that a registered runner was heard from (it asked for a job or sent a heartbeat).
    /// - Parameters:
    ///   - runner: the runner's name.
    ///   - now: the current time.
    func heard(runner: String, now: Date) async throws
    /// The ids of the running jobs, by the runner that holds them.
    func runningJobsByRunner() async throws -> [String: [Int64]]
    /// How many jobs are in each status.
    func statusCounts() async throws -> [JobStatus: Int]
}
