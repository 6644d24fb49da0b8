import Foundation

/// Prints a round's figures next to the issue's goals.
struct IngestReport {
    let label: String
    let outcome: IngestRound.Outcome
    /// The ingest goal in MB/s (10^6 bytes).
    let goal: Double

    func print() {
        let bytes = outcome.appended.values.reduce(0) { $0 + $1.length }
        let rate = Double(bytes) / 1e6 / outcome.seconds
        Swift.print(
            "\(label): \(Self.fixed(Double(bytes) / 1_048_576)) MiB stored in \(Self.fixed(outcome.seconds, 2)) s = "
                + "\(Self.fixed(rate)) MB/s (goal ≥ \(Self.fixed(goal, 0)) MB/s: \(rate >= goal ? "met" : "NOT met")); "
                + "server CPU \(Self.fixed(outcome.serverCPU / outcome.seconds, 2)) cores while appending"
        )
        followers("SSE followers (/jobs/:id/events)", outcome.sse)
        followers("hck logs --follow", outcome.cli)
        Swift.print(
            "  server memory (VmRSS): \(Self.fixed(outcome.memoryAtStart)) MiB at start, peak "
                + "\(Self.fixed(outcome.memoryPeak)) MiB (+\(Self.fixed(outcome.memoryPeak - outcome.memoryAtStart)); "
                + "goal: flat)"
        )
        Swift.print(
            "  load average: \(Self.fixed(outcome.loadAtStart, 2)) at start, peak \(Self.fixed(outcome.loadPeak, 2))"
        )
    }

    /// One kind of follower's lag and completeness.
    private func followers(_ kind: String, _ results: [(job: Int64, result: FollowerResult)]) {
        guard !results.isEmpty else { return }
        let summary = LagSummary(results: results.map(\.result))
        let complete = results.filter {
            let appended = outcome.appended[$0.job]
            return $0.result.bytes == appended?.length && $0.result.chunks == appended?.chunks
        }
        // A page skips to a log's tail when it falls behind (WebPages.liveWindow): it reaches the end
        // without seeing every chunk; `hck logs --follow` must see them all.
        let reachedEnd = results.filter { $0.result.bytes == outcome.appended[$0.job]?.length }
        let seen = results.reduce(0) { $0 + $1.result.chunks }
        let sent = results.reduce(0) { $0 + (outcome.appended[$1.job]?.chunks ?? 0) }
        let p99 = summary.percentile(0.99)
        Swift.print(
            "  \(results.count) \(kind): lag p50 \(Self.fixed(summary.percentile(0.5), 0)) ms, p99 \(Self.fixed(p99, 0)) ms "
                + "(goal p99 ≤ 250 ms: \(p99 <= 250 ? "met" : "NOT met")); \(complete.count) of \(results.count) got every byte, "
                + "\(reachedEnd.count) reached the log's end; "
                + "\(Self.fixed(sent == 0 ? 0 : Double(seen) * 100 / Double(sent), 0))% of the chunks seen live"
        )
    }

    /// `value` with `digits` decimals.
    private static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }
}
