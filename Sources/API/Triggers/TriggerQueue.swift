import Manifest
/// Ended jobs waiting for their triggers to fire, consumed by ``TriggerDispatcher``.
public struct TriggerQueue: Sendable {
    let stream: AsyncStream<Int64>
    private let continuation: AsyncStream<Int64>.Continuation

    /// Creates an empty queue.
    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Int64.self)
    }

    /// Queues the triggers of an ended job.
    /// - Parameter jobID: the job's id.
    public func enqueue(_ jobID: Int64) async {
        continuation.yield(jobID)
    }

    /// Ends the stream: the dispatcher finishes what is queued and returns.
    public func finish() {
        continuation.finish()
    }
}
