/// The rings a ``PostgresDoorbellRelay`` has yet to pass on, each once: while one batch is on its
/// way, a runner's many log appends to a job fold into one `progress` ring for the next, so a busy
/// server sends a notification per job and batch, not per append.
actor PendingRings {
    private var events: [QueueEvent] = []
    private var waiter: CheckedContinuation<[QueueEvent]?, Never>?
    private var finished = false

    /// Adds a ring, unless the same one is pending already.
    func add(_ event: QueueEvent) {
        if !events.contains(event) { events.append(event) }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: take())
        }
    }

    /// The pending rings in the order they first came, waiting for one when there are none; nil
    /// once ``finish()`` was called and nothing is left.
    func next() async -> [QueueEvent]? {
        if !events.isEmpty { return take() }
        if finished { return nil }
        return await withCheckedContinuation { waiter = $0 }
    }

    /// No more rings come: ``next()`` returns what is left, then nil.
    func finish() {
        finished = true
        waiter?.resume(returning: nil)
        waiter = nil
    }

    private func take() -> [QueueEvent] {
        defer { events = [] }
        return events
    }
}
