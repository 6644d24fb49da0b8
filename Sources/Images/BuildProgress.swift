import HckCore

/// What an image build reports while it runs.
public enum BuildProgress: Sendable, Hashable {
    /// A step started: its name, its position (from 1) and the number of steps.
    case started(step: String, index: Int, count: Int)
    /// A step finished after `elapsed`.
    case finished(step: String, elapsed: Duration)
}

/// How long each step of a finished build took.
public struct BuildReport: Sendable {
    /// The image that was built.
    public let image: BuiltImage
    /// Each step and its wall time, in order.
    public let steps: [(name: String, elapsed: Duration)]

    /// The whole build's wall time.
    public var total: Duration { steps.reduce(.zero) { $0 + $1.elapsed } }
}
