import Foundation
import Wire

/// What the doorbell rings for.
public enum QueueEvent: Hashable, Sendable {
    /// A job entered the queue.
    case queued
    /// Someone asked to cancel this job.
    case cancel(Int64)
    /// This job's logs grew or its status changed.
    case progress(Int64)
}
