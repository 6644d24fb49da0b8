public import Foundation
import HckCore
public import Logging
public import ServiceLifecycle
public import Store

/// Removes what ``Retention`` says has expired: at start and then every `interval`, each kind in
/// batches of at most `batch` jobs (one short transaction each, with a pause between, so the API's writes
/// go on meanwhile). Servers sharing a PostgreSQL database prune one at a time: a batch that finds
/// another server pruning ends this pass. A `Service` of the server's group.
public struct Pruner: Service, CustomStringConvertible {
    /// How the service is named in the log.
    public var description: String { "pruner" }

    let store: any RetentionStore
    let retention: Retention
    let interval: Duration
    let batch: Int
    let metrics: ServerMetrics
    let logger: Logger

    /// Creates the pruner.
    /// - Parameters:
    ///   - interval: the time between passes.
    ///   - batch: the most jobs one transaction prunes.
    ///   - metrics: where the bytes pruned are counted.
    public init(
        store: any RetentionStore,
        retention: Retention,
        interval: Duration = .seconds(3600),
        batch: Int = 100,
        metrics: ServerMetrics,
        logger: Logger
    ) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.batch = batch
        self.metrics = metrics
        self.logger = logger
    }

    /// Prunes until graceful shutdown.
    public func run() async throws {
        await repeatPasses(every: interval, name: "pruning expired data", logger: logger) { try await pass() }
    }

    /// One pass over every kind that expires; returns what it removed (nothing of a kind it did not
    /// reach because another server was pruning).
    /// - Parameter now: the time expiry is counted to.
    @discardableResult
    public func pass(now: Date = Date()) async throws -> [RetentionKind: Pruned] {
        var removed: [RetentionKind: Pruned] = [:]
        passes: for (kind, cutoff) in retention.cutoffs(at: now) {
            while !Task.isCancelled {
                guard let pruned = try await store.prune(kind, endedBefore: cutoff, limit: batch, now: now) else {
                    logger.debug("another server is pruning; this one skips its pass")
                    break passes
                }
                removed[kind, default: Pruned()].add(pruned)
                metrics.pruned(kind, bytes: pruned.bytes)
                guard pruned.jobs == batch else { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        for kind in RetentionKind.allCases {
            guard let pruned = removed[kind], pruned.jobs > 0 else { continue }
            logger.info("pruned the expired \(kind.rawValue) of \(pruned.jobs) job(s): \(ByteSize(pruned.bytes))")
        }
        return removed
    }
}
