import Foundation
import HckCore
public import Logging
import Manifest
public import ServiceLifecycle
public import Store
import Wire

/// Ends leases whose runners stopped heartbeating (requeues jobs whose tasks had not started, fails
/// the others with "runner lost") and jobs still running at their deadline (`timeout`). A `Service`
/// of the server's group.
///
/// While the store cannot be reached no runner can heartbeat either, so a lease that ran out during an
/// outage says nothing about its runner: the first pass after an outage gives every running job a
/// fresh lease (``JobStore/extendLeases(until:)``) before it ends any, and runners that are alive
/// heartbeat again within it. An outage is a store that failed (its queries, the reaper's or anyone's,
/// found the database unreachable: ``JobStore/outagesBegun()`` counts them), never one that was only
/// slow: under load the runners' heartbeats get through as the reaper's queries do, and a lease that
/// ran out then is a runner lost. A pass whose store answered long after the pass before it (``stallLimit``)
/// counts as after an outage too: a query that waited for a connection through an outage shorter than
/// the pool's wait sees no failure (CI's PostgresOutageTests: an outage of 9 s, the second server's
/// reaper ended a lease the runner had kept heartbeating through the first). Deadlines are not
/// moved: a job's time limit is wall-clock time.
public struct LeaseReaper: Service, CustomStringConvertible {
    /// How the service is named in the log.
    public var description: String { "lease reaper" }

    let dispatcher: Dispatcher
    let interval: Duration
    let onEnded: @Sendable (Job) async -> Void
    let logger: Logger

    /// Creates the reaper.
    /// - Parameters:
    ///   - dispatcher: the queue.
    ///   - interval: how often to look for ended leases.
    ///   - logger: where to say what it did.
    ///   - onEnded: called with each job it ended (to fire triggers).
    public init(
        dispatcher: Dispatcher,
        interval: Duration = .seconds(1),
        logger: Logger,
        onEnded: @escaping @Sendable (Job) async -> Void
    ) {
        self.dispatcher = dispatcher
        self.interval = interval
        self.logger = logger
        self.onEnded = onEnded
    }

    /// The longest time between two answers of the store to the reaper's passes that is not taken
    /// for an outage: five passes, and at least 5 s.
    var stallLimit: Duration { max(interval * 5, .seconds(5)) }

    /// Runs until graceful shutdown.
    public func run() async throws {
        var outage = false
        var outagesSeen = await dispatcher.store.outagesBegun()
        var lastAnswer = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                // A pass in progress is cancelled when the server begins to stop, not only once the
                // graceful shutdown's time is up: a query waiting on a store that is just back from
                // an outage once held a stopping server past that time (PostgresOutageTests).
                (outage, outagesSeen, lastAnswer) = try await cancelWhenGracefulShutdown {
                    [outage, outagesSeen, lastAnswer, stallLimit] in
                    _ = try await dispatcher.store.runners()
                    let answered = ContinuousClock.now
                    // Counted once the store answered, not before asking: a pass whose query waited
                    // through a whole outage (for a connection, as the outage began) and then got an
                    // answer must still see that outage, or it would end every lease that ran out during
                    // it (CI's PostgresOutageTests once saw a job so lost 2 s after the database was back).
                    // An outage that begins after this count is seen at the next pass.
                    let outages = await dispatcher.store.outagesBegun()
                    var after = (outage, outagesSeen, answered)
                    let stalled = answered - lastAnswer > stallLimit
                    if outage || outages != outagesSeen || stalled {
                        let extended = try await dispatcher.store.extendLeases(until: dispatcher.leaseEnd)
                        let why =
                            stalled && !outage && outages == outagesSeen
                            ? "the store answers after \((answered - lastAnswer).secondsText) without an answer"
                            : "the store answers again"
                        logger.notice("\(why): \(extended) running jobs got a fresh lease")
                        after = (false, outages, answered)
                    }
                    try await reap()
                    return after
                }
            } catch is CancellationError {
                break
            } catch _ where Task.isCancelled || Task.isShuttingDownGracefully {
                // A query the shutdown cut short (the store wraps its CancellationError): no failure.
                break
            } catch let error as StoreError where error.code == .unreachable {
                // The store reports the outage itself, once.
                logger.debug("lease reaper: \(error)")
                outage = true
            } catch {
                logger.error("lease reaper: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass: ends every lease that ran out, then every job past its deadline.
    public func reap() async throws {
        let now = Date()
        for job in try await dispatcher.store.expireLeases(now: now) {
            logger.notice("job \(job.id): lease of its runner ran out; now \(job.status.rawValue)")
            await dispatcher.announce(job)
            if job.status.isFinal { await onEnded(job) }
        }
        for job in try await dispatcher.store.expireDeadlines(now: now) {
            logger.notice("job \(job.id): still running at its deadline; ended timeout")
            // Its runner learns it at its next heartbeat (410: no longer held) and stops the VM.
            await dispatcher.doorbell.ring(.cancel(job.id))
            await dispatcher.announce(job)
            await onEnded(job)
        }
    }
}
