public import Foundation
public import Store

/// How long ended jobs' data is kept (`--keep-artifacts-days`, `--keep-logs-days`, `--keep-jobs-days`),
/// counted from the job's end; nil keeps it for ever.
public struct Retention: Sendable, Hashable {
    /// Artifacts: 90 days by default, as builds.sr.ht keeps them.
    public var artifacts: Duration? = .seconds(90 * 86_400)
    /// Logs: for ever by default.
    public var logs: Duration?
    /// The jobs themselves, with everything of theirs: for ever by default.
    public var jobs: Duration?

    /// The defaults.
    public init() {}

    /// How long `kind` is kept, or nil for ever.
    public func kept(_ kind: RetentionKind) -> Duration? {
        switch kind {
        case .jobs: jobs
        case .artifacts: artifacts
        case .logs: logs
        }
    }

    /// Every kind that expires, in pruning order (``RetentionKind``), with the end before which a job's
    /// `kind` has expired at `now`.
    public func cutoffs(at now: Date) -> [(kind: RetentionKind, endedBefore: Date)] {
        RetentionKind.allCases.compactMap { kind in
            kept(kind).map { (kind, now.addingTimeInterval(-Double($0.components.seconds))) }
        }
    }
}
