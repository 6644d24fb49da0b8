import API
import Foundation

/// The two measurements.
enum BenchRuns {
    static let manifest = "image: debian/stable\ntasks:\n  - build: |\n      make\n  - test: |\n      make check\n"

    /// `clients` concurrent submitters send `jobs` submissions in all; prints submissions per second.
    static func submissions(user: APIClient, options: BenchOptions) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<options.clients {
                group.addTask {
                    for _ in stride(from: client, to: options.jobs, by: options.clients) {
                        _ = try await user.submit(SubmitRequest(manifest: manifest, note: "bench"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "submissions: %d in %.2f s with %d clients = %.0f/s (goal ≥ 1000/s)",
                     options.jobs, seconds, options.clients, Double(options.jobs) / seconds))
    }

    /// `runners` runners wait in long-polls; jobs are submitted one at a time and each is timed from
    /// the submission's start to the moment a runner's take returns it. Prints p50 and p99.
    static func dispatch(user: APIClient, runners: [APIClient], options: BenchOptions) async throws {
        // Empty the queue left by the submission run, with the same runners.
        while try await runners[0].take(wait: 0) != nil {}
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        let (taken, sink) = AsyncStream.makeStream(of: (Int64, ContinuousClock.Instant).self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in runners {
                group.addTask {
                    while !Task.isCancelled {
                        if let assignment = try await runner.take(wait: 5) {
                            sink.yield((assignment.job.id, clock.now))
                        }
                    }
                }
            }
            var arrivals = taken.makeAsyncIterator()
            try await Task.sleep(for: .milliseconds(300))
            for _ in 0..<options.samples {
                let start = clock.now
                let job = try await user.submit(SubmitRequest(manifest: manifest))
                guard let (id, at) = await arrivals.next(), id == job.id else { continue }
                latencies.append(at - start)
            }
            group.cancelAll()
        }
        latencies.sort()
        func milliseconds(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        let p50 = latencies[latencies.count / 2]
        let p99 = latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        print(String(format: "dispatch: %d samples, %d waiting runners: p50 %.2f ms, p99 %.2f ms, max %.2f ms (goal p50 ≤ 50 ms)",
                     latencies.count, runners.count, milliseconds(p50), milliseconds(p99), milliseconds(latencies.last ?? .zero)))
    }
}
