import Foundation
import Wire

/// What the doorbell rings for.
public enum QueueEvent: Hashable, Sendable {
    /// A job entered the queue.
    case queued
    /// Someone asked to cancel this job.
    case cancel(Int64)
    /// This job's logs grew or it changed (rung after every ``changed(_:)`` too, so a log
    /// follower that waits for this one event hears of both).
    case progress(Int64)
    /// This job changed: its status, its tasks', its cancel flag or its kept VM; not its logs.
    /// A live page re-reads the job only after this one.
    case changed(Int64)
}
