/// Runs a piece of work the first time it is asked to and never again: for a report that either of
/// two paths may make, whichever comes first.
public actor Once {
    /// Whether a call ran its work (or is running it).
    public private(set) var hasRun = false

    /// Creates it, not yet run.
    public init() {}

    /// Runs `work` unless a call before this one already ran its own.
    /// - Parameter work: what to do the first time.
    public func once(_ work: @Sendable () async -> Void) async {
        guard !hasRun else { return }
        hasRun = true
        await work()
    }
}
