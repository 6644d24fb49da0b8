extension RunnerNode {
    /// How a runner node takes jobs and talks to the server.
    public struct Configuration: Sendable {
        /// How many jobs run at once (each in its own VM).
        public var slots: Int = 1
        /// How long one `take` long-poll waits for a job.
        public var takeWait: Duration = .seconds(30)
        /// The longest a heartbeat is held by the server (it is also held at most a third of the lease).
        public var heartbeatWait: Duration = .seconds(20)
        /// How often the built images are looked at again; the node registers again when they changed.
        public var imageRescanInterval: Duration = .seconds(30)
        /// After graceful shutdown (SIGTERM), how long running jobs may go on; then they are stopped and
        /// handed back to the queue.
        public var drainTimeout: Duration = .seconds(45 * 60)
        /// Whether this host's guests are isolated (``GuestIsolation``), as registered.
        public var guestsIsolated = true

        /// The defaults: one slot, 30 s take long-polls, 512 KiB log batches, a 4 MiB log buffer.
        public init() {}

        /// How the job's log goes to the server: batch and buffer sizes and the flush interval, the
        /// uplink's own defaults (one home for them; the node kept copies that drifted once).
        var logLimits = LogUplink.Limits()
    }
}
