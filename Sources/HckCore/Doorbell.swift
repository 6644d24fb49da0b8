/// Wakes tasks waiting for something to happen under a key: a job arriving in the queue, a cancel
/// reaching a running job, a log growing.
///
/// Each key has a generation that every `ring` advances. A waiter passes the generation it saw
/// before it last looked, so a ring that came in between wakes it at once: no lost wake-ups, no polling.
public actor Doorbell<Key: Hashable & Sendable> {
    private var generations: [Key: UInt64] = [:]
    private var waiters: [Key: [UInt64: CheckedContinuation<Void, Never>]] = [:]
    private var pending: [Key: Set<UInt64>] = [:]
    private var nextWaiter: UInt64 = 0
    private var listeners: [AsyncStream<Key>.Continuation] = []

    /// Creates a doorbell with no waiters.
    public init() {}

    /// The current generation of `key`; pass it to ``wait(for:after:timeout:)``.
    /// - Parameter key: what to watch.
    public func generation(of key: Key) -> UInt64 {
        generations[key, default: 0]
    }

    /// Wakes everyone waiting on `key`, and tells the listeners of ``rings()``.
    /// - Parameter key: what happened.
    public func ring(_ key: Key) {
        listeners.removeAll { if case .terminated = $0.yield(key) { true } else { false } }
        wake(key)
    }

    /// Wakes everyone waiting on `key` for a ring heard from elsewhere (another server sharing the
    /// database): the listeners of ``rings()`` are not told, so it is not passed back.
    /// - Parameter key: what happened.
    public func ringFromElsewhere(_ key: Key) {
        wake(key)
    }

    /// Every ``ring(_:)`` from now on, for passing on to other servers.
    public func rings() -> AsyncStream<Key> {
        let (stream, continuation) = AsyncStream.makeStream(of: Key.self, bufferingPolicy: .bufferingNewest(10_000))
        listeners.append(continuation)
        return stream
    }

    private func wake(_ key: Key) {
        generations[key, default: 0] &+= 1
        pending[key] = nil
        for continuation in (waiters.removeValue(forKey: key) ?? [:]).values {
            continuation.resume()
        }
    }

    /// Returns when `key` rings after generation `seen`, or after `timeout`, whichever comes first.
    /// - Parameters:
    ///   - key: what to wait for.
    ///   - seen: the generation the caller saw before it last looked.
    ///   - timeout: the longest wait.
    /// - Returns: whether it rang (false on timeout or cancellation).
    @discardableResult
    public func wait(for key: Key, after seen: UInt64, timeout: Duration) async -> Bool {
        guard generations[key, default: 0] == seen else { return true }
        let id = nextWaiter
        nextWaiter &+= 1
        pending[key, default: []].insert(id)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(key: key, id: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                await self.release(key: key, id: id)
            }
            await group.next()
            group.cancelAll()
        }
        return generations[key, default: 0] != seen
    }

    private func suspend(key: Key, id: UInt64) async {
        guard pending[key]?.remove(id) != nil else { return }
        await withCheckedContinuation { waiters[key, default: [:]][id] = $0 }
    }

    private func release(key: Key, id: UInt64) {
        if pending[key]?.remove(id) != nil { return }
        waiters[key]?.removeValue(forKey: id)?.resume()
        if waiters[key]?.isEmpty == true { waiters[key] = nil }
    }
}
