/// What one follower saw of its job's log: how late each chunk reached it, how many chunks, and
/// how far into the log it got (the bytes `hck logs` printed, or the last offset the page's events named).
struct FollowerResult: Sendable {
    /// Milliseconds between a chunk's send and the follower seeing it.
    var lags: [Double] = []
    /// Chunks seen.
    var chunks = 0
    /// Bytes of the log read.
    var bytes = 0

    /// Records a stamp seen now.
    mutating func saw(_ stamp: Int64) {
        lags.append(Double(StampedChunk.now() - stamp) / 1000)
        chunks += 1
    }
}

/// The lag figures of one kind of follower.
struct LagSummary {
    let results: [FollowerResult]

    /// The `p`th percentile (0…1) of every lag seen, in milliseconds.
    func percentile(_ p: Double) -> Double {
        let all = results.flatMap(\.lags).sorted()
        guard !all.isEmpty else { return .nan }
        return all[min(all.count - 1, Int(Double(all.count) * p))]
    }
}
