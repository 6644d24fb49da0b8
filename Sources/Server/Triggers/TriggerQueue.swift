import HckCore
public import Store
import Wire

/// Ended jobs and groups waiting for their triggers to fire, consumed by ``TriggerDispatcher``.
public struct TriggerQueue: Sendable {
    let stream: AsyncStream<TriggerWork>
    private let continuation: AsyncStream<TriggerWork>.Continuation

    /// Creates an empty queue.
    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: TriggerWork.self)
    }

    /// Queues triggers to fire.
    /// - Parameter work: the job or group that ended.
    public func enqueue(_ work: TriggerWork) {
        continuation.yield(work)
    }

    /// Ends the stream: the dispatcher finishes what is queued and returns.
    public func finish() {
        continuation.finish()
    }
}
