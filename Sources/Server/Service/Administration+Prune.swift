public import Foundation
import Logging
public import Store

extension Administration {
    /// One kind's share of a prune: what expired (jobs that ended before `endedBefore`) and its size.
    public struct PruneStep: Sendable, Hashable {
        /// What was removed.
        public let kind: RetentionKind
        /// Jobs that ended before this had it expire.
        public let endedBefore: Date
        /// How much went (or, in a dry run, would go).
        public let pruned: Pruned
    }

    /// Removes what `retention` says has expired at `now`, in the pruner's batches; with `dryRun`, only
    /// measures what that would remove. Both report the same for the same data.
    public func prune(_ retention: Retention, dryRun: Bool, now: Date = Date()) async throws -> [PruneStep] {
        let cutoffs = retention.cutoffs(at: now)
        if dryRun {
            // Jobs that go whole go before their data would: count them once, with the jobs.
            let floor = cutoffs.first { $0.kind == .jobs }?.endedBefore
            var steps: [PruneStep] = []
            for (kind, cutoff) in cutoffs {
                let pruned = try await store.prunable(
                    kind,
                    endedBefore: cutoff,
                    notBefore: kind == .jobs ? nil : floor
                )
                steps.append(PruneStep(kind: kind, endedBefore: cutoff, pruned: pruned))
            }
            return steps
        }
        var logger = Logger(label: "hck.admin")
        logger.logLevel = .warning
        let removed = try await Pruner(store: store, retention: retention, metrics: ServerMetrics(), logger: logger)
            .pass(now: now)
        return cutoffs.map {
            PruneStep(kind: $0.kind, endedBefore: $0.endedBefore, pruned: removed[$0.kind] ?? Pruned())
        }
    }
}
