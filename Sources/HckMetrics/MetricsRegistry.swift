public import Prometheus

/// One process's metrics and their Prometheus text exposition: what the server serves at `/metrics`,
/// and a runner node at `--metrics-listen`.
///
/// Each server and each runner node makes its own, rather than bootstrapping swift-metrics' global
/// `MetricsSystem`: that can be done once per process, and a test process runs many servers.
/// Metrics made here are registered at once, so they show (at zero) before anything happened.
public final class MetricsRegistry: Sendable {
    /// The `Content-Type` of the text exposition format.
    public static let contentType = "text/plain; version=0.0.4"

    private let registry = PrometheusCollectorRegistry()

    /// An empty registry.
    public init() {}

    /// A counter; the same name and labels give the same counter.
    /// - Parameters:
    ///   - name: the full name, e.g. `hck_jobs_submitted_total`.
    ///   - help: the `# HELP` text: what is counted.
    ///   - labels: this series' labels; every series of one name has the same label names.
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// A gauge; the same name and labels give the same gauge.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name, help), labels: labels)
    }

    /// A histogram of durations, exposed in seconds.
    /// - Parameter buckets: the buckets' upper bounds, ascending (`+Inf` is added).
    public func histogram(
        _ name: String,
        help: String,
        buckets: [Duration],
        labels: [(String, String)] = []
    ) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.descriptor(name, help), labels: labels, buckets: buckets)
    }

    /// A histogram of plain values (bytes, counts).
    /// - Parameter buckets: the buckets' upper bounds, ascending (`+Inf` is added).
    public func histogram(_ name: String, help: String, buckets: [Double]) -> ValueHistogram {
        registry.makeValueHistogram(descriptor: Self.descriptor(name, help), buckets: buckets)
    }

    /// One metric per key, labelled `label="<the key's raw value>"`, each made by `make` with its
    /// labels: a family whose every series shows from the start.
    public func family<Key: RawRepresentable<String> & Hashable, Metric>(
        by label: String,
        _ keys: some Sequence<Key>,
        _ make: (_ labels: [(String, String)]) -> Metric
    ) -> [Key: Metric] {
        Dictionary(uniqueKeysWithValues: keys.map { ($0, make([(label, $0.rawValue)])) })
    }

    /// Every metric in the Prometheus text exposition format (0.0.4): `# HELP` and `# TYPE` lines, then
    /// the samples; a histogram's as `_bucket{le="…"}`, `_sum` and `_count`.
    public func exposition() -> String {
        registry.emitToString()
    }

    /// The whole name as one piece: hck's names are written out in full where they are made.
    private static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
