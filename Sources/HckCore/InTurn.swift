/// Runs work for one key at a time, in the order the calls arrive, while work for other keys runs
/// at once: one git copy's fetches, one job group's commit statuses.
public actor InTurn<Key: Hashable & Sendable> {
    /// The last call on each key still running: the next call on that key waits for it.
    private var last: [Key: (number: Int, ended: Task<Void, Never>)] = [:]
    /// Calls made so far, to number them.
    private var calls = 0

    /// Makes one with nothing running.
    public init() {}

    /// Runs `work` once every earlier call on `key` has ended; its result. Cancelling the caller
    /// cancels `work` (a call still waiting for its turn then starts cancelled).
    public func run<T: Sendable>(_ key: Key, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = last[key]?.ended
        let task = Task<T, any Error> {
            await previous?.value
            return try await work()
        }
        calls += 1
        let number = calls
        last[key] = (number, Task { _ = await task.result })
        defer { if last[key]?.number == number { last[key] = nil } }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Whether a call on `key` is running or waiting.
    public func isBusy(_ key: Key) -> Bool {
        last[key] != nil
    }
}
