public import HckMetrics
public import Manifest
public import Prometheus

/// What a runner node exports at `--metrics-listen`: its VMs' boot times, its jobs and the log bytes it
/// sent. One per node (``registry``), served by a ``MetricsEndpoint``.
public final class RunnerMetrics: Sendable {
    /// How a job ended on this node, as ``jobsFinished`` counts it.
    public enum JobEnd: String, Sendable, CaseIterable {
        /// Reported to the server with its final status.
        case success, failed, timeout, cancelled
        /// Handed back to the queue when the node's drain ran out.
        case handedBack = "handed_back"
        /// The server took it back (a lost lease) or refused its end: nothing of its end was stored.
        case lost

        /// The end of a job reported with `status` (a status that is not final never is).
        public init(reported status: JobStatus) {
            self = JobEnd(rawValue: status.rawValue) ?? .failed
        }
    }

    /// Upper bounds of ``vmBoot``: a restored saved state under KVM takes about a second, a cold boot
    /// under TCG 15 s or more, and the settle timeout is minutes.
    public static let vmBootBuckets: [Duration] = [
        .milliseconds(500), .seconds(1), .seconds(2), .seconds(3), .seconds(5), .seconds(8), .seconds(13),
        .seconds(20), .seconds(30), .seconds(45), .seconds(60), .seconds(90), .seconds(120), .seconds(300),
    ]

    /// Where everything is registered, and its text.
    public let registry: MetricsRegistry
    /// From asking libvirt to start a job's VM to the guest's SSH answering.
    private let vmBoot: DurationHistogram
    private let jobsRunning: Gauge
    private let jobsFinished: [JobEnd: Counter]
    private let logBytesSent: Counter

    /// Registers every metric at zero.
    public init() {
        let registry = MetricsRegistry()
        self.registry = registry
        jobsRunning = registry.gauge(
            "hck_runner_jobs_running",
            help: "Jobs this node holds: running, or ended with their VM not yet gone (kept for SSH)."
        )
        jobsFinished = registry.family(by: "outcome", JobEnd.allCases) {
            registry.counter(
                "hck_runner_jobs_finished_total",
                help: "Jobs this node ran to their end, by how they ended.",
                labels: $0
            )
        }
        logBytesSent = registry.counter(
            "hck_runner_log_bytes_sent_total",
            help: "Log bytes the server acknowledged from this node."
        )
        vmBoot = registry.histogram(
            "hck_runner_vm_boot_seconds",
            help: "Seconds from a job VM's start to its SSH answering.",
            buckets: Self.vmBootBuckets
        )
    }

    /// A job's VM answered SSH `duration` after its start.
    public func vmBooted(in duration: Duration) {
        vmBoot.record(duration)
    }

    /// A job taken here started.
    public func jobStarted() {
        jobsRunning.increment()
    }

    /// A job's end was reported (or it was handed back, or lost).
    public func jobFinished(_ end: JobEnd) {
        jobsFinished[end]?.increment()
    }

    /// A job is done here: its end reported and its VM gone.
    public func jobLeft() {
        jobsRunning.decrement()
    }

    /// The server acknowledged `bytes` of a job's log.
    public func logSent(bytes: Int) {
        logBytesSent.increment(by: Int64(bytes))
    }
}
