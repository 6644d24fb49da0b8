import HckCore
public import Manifest
public import Store
import Wire

/// Counters exported at `/metrics`, alongside gauges read from the store.
public actor ServerMetrics {
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
    }

    private var counts: [Counter: Int] = [:]
    /// Bytes of artifacts and logs this server's pruning removed, by what it pruned.
    private var prunedBytes: [RetentionKind: Int64] = [:]

    /// Creates zeroed counters.
    public init() {}

    /// Adds one to a counter.
    /// - Parameter counter: which.
    public func count(_ counter: Counter) {
        counts[counter, default: 0] += 1
    }

    /// Counts bytes that pruning removed.
    public func pruned(_ kind: RetentionKind, bytes: Int64) {
        prunedBytes[kind, default: 0] += bytes
    }

    /// The Prometheus text exposition.
    /// - Parameters:
    ///   - statusCounts: jobs per status from the store.
    ///   - runners: registered runners.
    ///   - stored: the bytes of artifacts and logs the store holds now.
    public func render(statusCounts: [JobStatus: Int], runners: Int, stored: StoredBytes) -> String {
        var lines: [String] = []
        for counter in Counter.allCases {
            lines.append("# TYPE \(counter.rawValue) counter")
            lines.append("\(counter.rawValue) \(counts[counter, default: 0])")
        }
        lines.append("# TYPE hck_jobs gauge")
        for status in JobStatus.allCases {
            lines.append("hck_jobs{status=\"\(status.rawValue)\"} \(statusCounts[status, default: 0])")
        }
        lines.append("# TYPE hck_runners gauge")
        lines.append("hck_runners \(runners)")
        lines.append("# TYPE hck_stored_bytes gauge")
        lines.append("hck_stored_bytes{kind=\"artifacts\"} \(stored.artifacts)")
        lines.append("hck_stored_bytes{kind=\"logs\"} \(stored.logs)")
        lines.append("# TYPE hck_pruned_bytes_total counter")
        for kind in RetentionKind.allCases {
            lines.append("hck_pruned_bytes_total{kind=\"\(kind.rawValue)\"} \(prunedBytes[kind, default: 0])")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
