extension RunnerNode {
    /// How a runner node takes jobs and talks to the server.
    public struct Configuration: Sendable {
        /// How many jobs run at once (each in its own VM).
        public var slots: Int = 1
        /// How long one `take` long-poll waits for a job.
        public var takeWait: Duration = .seconds(30)
        /// The longest a heartbeat is held by the server (it is also held at most a third of the lease).
        public var heartbeatWait: Duration = .seconds(20)
        /// The largest log chunk sent in one request, in bytes (512 KiB).
        public var logBatchBytes = LogUplink.Limits().batchBytes
        /// How many unsent log bytes a job may run ahead of the server before it is slowed down (4 MiB).
        public var logBufferBytes = LogUplink.Limits().bufferBytes
        /// How long a log chunk smaller than a batch waits for more bytes (200 ms).
        public var logFlushInterval = LogUplink.Limits().flushInterval
        /// How often the built images are looked at again; the node registers again when they changed.
        public var imageRescanInterval: Duration = .seconds(30)
        /// After graceful shutdown (SIGTERM), how long running jobs may go on; then they are stopped and
        /// handed back to the queue.
        public var drainTimeout: Duration = .seconds(45 * 60)
        /// Whether this host's guests are isolated (``GuestIsolation``), as registered.
        public var guestsIsolated = true

        /// The defaults: one slot, 30 s take long-polls, 512 KiB log batches, a 4 MiB log buffer.
        public init() {}

        var logLimits: LogUplink.Limits {
            LogUplink.Limits(batchBytes: logBatchBytes, bufferBytes: logBufferBytes, flushInterval: logFlushInterval)
        }
    }
}
