import HckCore
public import HckMetrics
public import Manifest
import Prometheus
public import Store
import Wire

/// What a server exports at `/metrics`: counters and histograms it records as jobs go through it,
/// and gauges read from the store at each scrape. One per server (``registry``).
///
/// The counts are this server's since it started, as Prometheus counters are; the gauges are the
/// store's, the same from every server sharing it.
public final class ServerMetrics: Sendable {
    /// What is counted.
    public enum Counter: String, Sendable, CaseIterable {
        /// Jobs accepted.
        case submitted = "hck_jobs_submitted_total"
        /// Jobs handed to runners.
        case dispatched = "hck_jobs_dispatched_total"
        /// Jobs a runner reported ended.
        case finished = "hck_jobs_finished_total"
        /// Trigger deliveries that succeeded.
        case triggersDelivered = "hck_triggers_delivered_total"
        /// Trigger deliveries that failed after every retry.
        case triggersFailed = "hck_triggers_failed_total"

        var help: String {
            switch self {
            case .submitted: "Jobs accepted."
            case .dispatched: "Jobs handed to runners."
            case .finished: "Jobs a runner reported ended."
            case .triggersDelivered: "Trigger deliveries that succeeded."
            case .triggersFailed: "Trigger deliveries that failed after every retry."
            }
        }
    }

    /// Upper bounds of ``dispatchLatency``: a job waiting for a free runner may wait milliseconds
    /// (one was long-polling) to many minutes (all were busy).
    public static let dispatchBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800),
    ]
    /// Upper bounds of the job durations: seconds (a job that fails at boot) to hours.
    public static let jobBuckets: [Duration] = [
        .seconds(1), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300),
        .seconds(600), .seconds(1200), .seconds(1800), .seconds(2700), .seconds(3600), .seconds(7200),
        .seconds(14400),
    ]
    /// Upper bounds of ``logAppendBytes``: a quiet task's line to a runner's largest batch (512 KiB).
    public static let logAppendByteBuckets: [Double] = [
        64, 256, 1024, 4096, 16384, 65536, 262_144, 524_288, 1_048_576, 4_194_304,
    ]
    /// Upper bounds of ``logAppendTime``: a local SQLite write to a slow database.
    public static let logAppendTimeBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500),
    ]

    /// Where everything is registered, and its text.
    public let registry: MetricsRegistry
    private let counters: [Counter: Prometheus.Counter]
    private let prunedBytes: [RetentionKind: Prometheus.Counter]
    private let jobs: [JobStatus: Gauge]
    private let runners: Gauge
    private let storedArtifacts: Gauge
    private let storedLogs: Gauge
    /// From a job's entering the queue to its hand-over to a runner (each time it is handed over).
    private let dispatchLatency: DurationHistogram
    /// From a runner's taking a job to its end, by final status.
    private let jobDurations: [JobStatus: DurationHistogram]
    /// The bytes of each log append a runner sent: how its batching is doing.
    private let logAppendBytes: ValueHistogram
    /// How long each log append took to store: the store's write latency as runners feel it.
    private let logAppendTime: DurationHistogram

    /// Registers every metric at zero.
    public init() {
        let registry = MetricsRegistry()
        self.registry = registry
        counters = Dictionary(
            uniqueKeysWithValues: Counter.allCases.map { ($0, registry.counter($0.rawValue, help: $0.help)) }
        )
        prunedBytes = registry.family(by: "kind", RetentionKind.allCases) {
            registry.counter(
                "hck_pruned_bytes_total",
                help: "Bytes of artifacts and logs this server's pruning removed, by what it pruned.",
                labels: $0
            )
        }
        jobs = registry.family(by: "status", JobStatus.allCases) {
            registry.gauge("hck_jobs", help: "Jobs in the store by status.", labels: $0)
        }
        runners = registry.gauge("hck_runners", help: "Registered runners.")
        let stored = "Bytes of artifacts and logs the store holds."
        storedArtifacts = registry.gauge("hck_stored_bytes", help: stored, labels: [("kind", "artifacts")])
        storedLogs = registry.gauge("hck_stored_bytes", help: stored, labels: [("kind", "logs")])
        dispatchLatency = registry.histogram(
            "hck_dispatch_latency_seconds",
            help: "Seconds from a job's entering the queue to its hand-over to a runner.",
            buckets: Self.dispatchBuckets
        )
        jobDurations = registry.family(by: "status", JobStatus.allCases.filter(\.isFinal)) {
            registry.histogram(
                "hck_job_duration_seconds",
                help: "Seconds from a runner's taking a job to its end, by final status.",
                buckets: Self.jobBuckets,
                labels: $0
            )
        }
        logAppendBytes = registry.histogram(
            "hck_log_append_bytes",
            help: "Bytes of each log append a runner sent.",
            buckets: Self.logAppendByteBuckets
        )
        logAppendTime = registry.histogram(
            "hck_log_append_seconds",
            help: "Seconds each log append took to store.",
            buckets: Self.logAppendTimeBuckets
        )
    }

    /// Adds one to a counter.
    public func count(_ counter: Counter) {
        counters[counter]?.increment()
    }

    /// Counts bytes that pruning removed.
    public func pruned(_ kind: RetentionKind, bytes: Int64) {
        prunedBytes[kind]?.increment(by: max(0, bytes))
    }

    /// A job was handed to a runner `latency` after it entered the queue: counted, and its latency
    /// recorded.
    public func dispatched(after latency: Duration) {
        count(.dispatched)
        dispatchLatency.record(max(.zero, latency))
    }

    /// A job that a runner took ended `status` after running for `duration`.
    public func ended(_ status: JobStatus, after duration: Duration) {
        jobDurations[status]?.record(max(.zero, duration))
    }

    /// A runner's log append of `bytes` was stored in `duration`.
    public func logAppended(bytes: Int, in duration: Duration) {
        logAppendBytes.record(Double(bytes))
        logAppendTime.record(max(.zero, duration))
    }

    /// The Prometheus text exposition, with the gauges set from the store first.
    /// - Parameters:
    ///   - statusCounts: jobs per status from the store.
    ///   - runners: registered runners.
    ///   - stored: the bytes of artifacts and logs the store holds now.
    public func render(statusCounts: [JobStatus: Int], runners: Int, stored: StoredBytes) -> String {
        for (status, gauge) in jobs { gauge.set(Int64(statusCounts[status, default: 0])) }
        self.runners.set(Int64(runners))
        storedArtifacts.set(stored.artifacts)
        storedLogs.set(stored.logs)
        return registry.exposition()
    }
}
