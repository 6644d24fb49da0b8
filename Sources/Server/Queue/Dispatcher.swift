public import Foundation
public import HckCore
import Manifest
import ServiceLifecycle
public import Store
public import Wire

/// Hands queued jobs to waiting runners: a runner's long-poll is woken the moment a job it can run arrives.
public struct Dispatcher: Sendable {
    /// The store jobs are claimed from.
    public let store: any JobStore
    /// Wakes long-polls.
    public let doorbell: Doorbell<QueueEvent>
    /// How long a lease lasts without a heartbeat.
    public let leaseDuration: Duration
    /// How long a job may run once taken before the server ends it `timeout`.
    public let jobTimeout: Duration

    /// Creates a dispatcher.
    /// - Parameters:
    ///   - store: the job store.
    ///   - doorbell: the doorbell shared with the API.
    ///   - leaseDuration: how long a lease lasts without a heartbeat.
    ///   - jobTimeout: how long a job may run once taken (the runner's own limit should be no longer).
    public init(
        store: any JobStore,
        doorbell: Doorbell<QueueEvent> = Doorbell(),
        leaseDuration: Duration = .seconds(30),
        jobTimeout: Duration = .seconds(45 * 60)
    ) {
        self.store = store
        self.doorbell = doorbell
        self.leaseDuration = leaseDuration
        self.jobTimeout = jobTimeout
    }

    /// The end of a lease taken or extended now.
    public var leaseEnd: Date {
        Date().addingTimeInterval(leaseDuration.inSeconds)
    }

    /// Gives the runner a job it can run, waiting up to `timeout` for one to arrive.
    /// - Parameters:
    ///   - runner: the runner asking.
    ///   - timeout: the longest wait.
    /// - Returns: the job, now `running` under the runner's lease, and when it had entered the queue;
    ///   nil when none came.
    public func take(runner: RunnerRecord, timeout: Duration) async throws -> ClaimedJob? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let seen = await doorbell.generation(of: .queued)
            if let claimed = try await store.claim(
                runner: runner,
                leaseUntil: leaseEnd,
                deadline: Date().addingTimeInterval(jobTimeout.inSeconds)
            ) {
                await changed(claimed.job.id)
                return claimed
            }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, !Task.isCancelled else { return nil }
            await wait(for: .queued, after: seen, timeout: remaining)
            if Task.isShuttingDownGracefully { return nil }
        }
    }

    /// Extends the runner's lease and waits up to `timeout` (at most half the lease) for a cancel, so the
    /// runner hears of one at once.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - runner: the runner's name.
    ///   - timeout: how long to hold the answer when no cancel is pending (0 answers at once).
    /// - Returns: the job after the heartbeat, or nil when the runner does not hold it (any more: the
    ///   server may have ended it at its deadline while the heartbeat waited).
    public func heartbeat(id: Int64, runner: String, timeout: Duration) async throws -> Job? {
        let seen = await doorbell.generation(of: .cancel(id))
        guard let job = try await store.heartbeat(id: id, runner: runner, leaseUntil: leaseEnd) else { return nil }
        if job.cancelRequested || timeout <= .zero { return job }
        // Never hold a heartbeat past half the lease it just extended: a runner asking for a longer
        // hold (it knew a longer lease, before a restart) must not lose its job meanwhile.
        await wait(for: .cancel(id), after: seen, timeout: min(timeout, leaseDuration / 2))
        guard let now = try await store.job(id: id), now.status == .running, now.runner == runner else { return nil }
        return now
    }

    /// Waits on the doorbell, but ends at once when the server starts shutting down, so long-polls
    /// never hold up a graceful shutdown.
    /// - Parameters:
    ///   - event: what to wait for.
    ///   - seen: the generation seen before the caller last looked.
    ///   - timeout: the longest wait.
    public func wait(for event: QueueEvent, after seen: UInt64, timeout: Duration) async {
        _ = try? await cancelWhenGracefulShutdown { () async throws -> Bool in
            await doorbell.wait(for: event, after: seen, timeout: timeout)
        }
    }

    /// Tells waiting runners that a job was queued.
    /// - Parameter job: the job.
    public func announce(_ job: Job) async {
        if job.status == .queued { await doorbell.ring(.queued) }
        await changed(job.id)
    }

    /// Tells followers that a job changed (its status, tasks, cancel flag or kept VM): rings
    /// `changed`, then `progress`, so whoever wakes for `progress` already sees the new `changed`.
    /// A log append rings only `progress`.
    /// - Parameter id: the job's id.
    public func changed(_ id: Int64) async {
        await doorbell.ring(.changed(id))
        await doorbell.ring(.progress(id))
    }

    /// Cancels a job and tells its runner at once.
    /// - Parameter id: the job's id.
    public func cancel(id: Int64) async throws -> Job? {
        let job = try await store.cancel(id: id, now: Date())
        await doorbell.ring(.cancel(id))
        await changed(id)
        return job
    }
}
