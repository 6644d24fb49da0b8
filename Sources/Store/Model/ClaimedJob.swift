public import Foundation

/// A job a runner just claimed, and when it had entered the queue: its submission, its group's
/// start, or its return to the queue (a runner lost before its tasks, given back, released). The
/// server's dispatch latency is measured from there.
public struct ClaimedJob: Sendable, Hashable {
    /// The job, now `running` under the runner's lease.
    public var job: Job
    /// When it last became `queued`.
    public var queuedAt: Date
}
