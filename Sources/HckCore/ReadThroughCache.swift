/// A small cache of values read from the store, each kept for `lifetime`, so hot paths (token
/// checks, runner capacities at submission) do not query the database on every request.
/// A short lifetime keeps several servers on one database close enough to each other.
public actor ReadThroughCache<Key: Hashable & Sendable, Value: Sendable> {
    private var entries: [Key: (value: Value, expires: ContinuousClock.Instant)] = [:]
    private let lifetime: Duration
    private let capacity: Int

    /// Creates a cache.
    /// - Parameters:
    ///   - lifetime: how long an entry is trusted.
    ///   - capacity: entries kept at most (all dropped when full).
    public init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached value, or `load()`'s, which is then cached (nil results are not).
    /// - Parameters:
    ///   - key: what to look up.
    ///   - load: reads it from the store.
    public func value(for key: Key, load: @Sendable () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        if let entry = entries[key], entry.expires > now { return entry.value }
        guard let value = try await load() else { return nil }
        if entries.count >= capacity { entries.removeAll() }
        entries[key] = (value, now + lifetime)
        return value
    }

    /// Forgets a key (after the store changed it).
    /// - Parameter key: the key.
    public func forget(_ key: Key) {
        entries[key] = nil
    }
}
