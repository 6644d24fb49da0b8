public import Dispatch

/// Runs blocking work (reading a child's start-up line, a socket read, a pip install) on a dispatch
/// queue and awaits its result, so it never holds one of the few threads of Swift's cooperative
/// pool, which every test and in-process server of the run shares.
/// - Parameters:
///   - queue: where to run it (a serial queue keeps one object's calls in order).
///   - work: the blocking work.
package func offThePool<Value>(on queue: DispatchQueue = .global(), _ work: @escaping () throws -> Value) async throws
    -> Value
{
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Unchecked<Value>, any Error>) in
        let work = Unchecked(value: work)
        queue.async {
            do {
                continuation.resume(returning: Unchecked(value: try work.value()))
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }.value
}

/// A value handed between a dispatch queue and the task awaiting it: each side uses it in turn,
/// never both at once.
package struct Unchecked<Value>: @unchecked Sendable {
    package let value: Value
}
