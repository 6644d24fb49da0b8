import Manifest

/// The spread of a set of latencies.
package struct LatencySummary: Sendable {
    /// The latencies, shortest first.
    package let sorted: [Duration]

    package init(_ samples: [Duration]) {
        sorted = samples.sorted()
    }

    /// The `p`th percentile (0…1) in milliseconds, NaN without samples.
    package func milliseconds(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))].inSeconds * 1000
    }

    /// The median in milliseconds.
    package var p50: Double { milliseconds(0.5) }
    /// The 99th percentile in milliseconds.
    package var p99: Double { milliseconds(0.99) }
    /// The longest in milliseconds.
    package var max: Double { milliseconds(1) }
}
