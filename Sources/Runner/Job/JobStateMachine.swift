public import Manifest

/// The lifecycle of one job as a pure state machine: events in, the next thing to do out.
///
/// The I/O shell (``JobRunner``) performs each ``Action`` and feeds back what happened. The
/// machine alone decides job and task statuses, so every path (a failing task, the deadline,
/// cancellation, a broken boot) is unit-tested without a VM. Order of a job: boot → wait for
/// SSH → setup steps → tasks → artifacts (on success) → keep-alive (when asked) → destroy.
public struct JobStateMachine<C: Clock>: Sendable where C.Duration == Duration {
    /// Where the job is.
    public enum Phase: Sendable, Hashable {
        /// Not started.
        case idle
        /// The VM is booting.
        case booting
        /// Waiting for SSH to answer.
        case connecting
        /// Running setup step N.
        case setup(Int)
        /// Running task N.
        case task(Int)
        /// Copying artifacts out.
        case collectingArtifacts
        /// Holding the VM for SSH access.
        case keepingAlive
        /// Destroying the VM.
        case destroying
        /// Over.
        case finished
    }

    /// The timings and status of one task.
    public struct TaskRecord: Sendable, Hashable {
        /// The task's name.
        public var name: String
        /// Its status.
        public var status: TaskStatus
        /// When it started running.
        public var started: C.Instant?
        /// When it stopped running.
        public var ended: C.Instant?
    }

    /// The clock durations and deadlines are read from.
    public let clock: C
    /// When the job started.
    public internal(set) var started: C.Instant?
    /// When the job times out.
    public internal(set) var deadline: C.Instant?
    /// Where the job is now.
    public internal(set) var phase: Phase = .idle
    /// Each task in manifest order.
    public internal(set) var tasks: [TaskRecord]
    /// The job's status (final once the machine reaches ``Phase/finished``).
    public internal(set) var status: JobStatus = .queued
    /// Why the job failed, timed out or was cancelled, in words.
    public internal(set) var message: String?

    let setupSteps: Int
    let timeout: Duration
    let keepAliveWhenDone: Duration?
    let keepAliveAfterFailure: Duration?
    var vmExists = false

    /// A machine for one job.
    /// - Parameters:
    ///   - taskNames: the manifest's tasks in order.
    ///   - setupSteps: how many setup steps run between SSH and the first task.
    ///   - timeout: the job's deadline, counted from ``Event/start``.
    ///   - keepAliveWhenDone: how long to keep the VM after the tasks (`shell: true`, `--keep`);
    ///     `nil` destroys it at once.
    ///   - keepAliveAfterFailure: how long to keep the VM of a failed job; `nil` for not at all.
    ///   - clock: the clock to read.
    public init(
        taskNames: [String],
        setupSteps: Int,
        timeout: Duration,
        keepAliveWhenDone: Duration? = nil,
        keepAliveAfterFailure: Duration? = nil,
        clock: C
    ) {
        self.tasks = taskNames.map { TaskRecord(name: $0, status: .pending) }
        self.setupSteps = setupSteps
        self.timeout = timeout
        self.keepAliveWhenDone = keepAliveWhenDone
        self.keepAliveAfterFailure = keepAliveAfterFailure
        self.clock = clock
    }
}

extension JobStateMachine.Phase {
    /// Whether the job is past its work and only cleaning up or done.
    var isWinding: Bool {
        switch self {
        case .keepingAlive, .destroying, .finished: true
        default: false
        }
    }
}
