import Client
import Foundation
import Manifest
import Server
import Store
import Wire

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
        let seconds = elapsed.inSeconds
        print(
            String(
                format: "submissions: %d in %.2f s with %d clients = %.0f/s (goal ≥ 1000/s)",
                options.jobs,
                seconds,
                options.clients,
                Double(options.jobs) / seconds
            )
        )
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
        report("dispatch", latencies, "\(runners.count) waiting runners", goal: "p50 ≤ 50 ms")
    }

    /// A runner holds a job and a heartbeat long-poll; the owner cancels; timed from the cancel
    /// request's start to the heartbeat's answer carrying `cancel`. Prints p50 and p99.
    static func cancellation(user: APIClient, runner: APIClient, options: BenchOptions) async throws {
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        for _ in 0..<min(options.samples, 100) {
            let job = try await user.submit(SubmitRequest(manifest: manifest))
            guard let held = try await runner.take(wait: 5), held.job.id == job.id else { continue }
            async let reply = runner.heartbeat(job.id, wait: 30)
            try await Task.sleep(for: .milliseconds(20))
            let start = clock.now
            _ = try await user.cancel(job.id)
            guard try await reply.cancel else { continue }
            latencies.append(clock.now - start)
            _ = try await runner.finish(job.id, status: .cancelled)
        }
        report("cancel", latencies, "heartbeat long-poll answered", goal: "within 1 s")
    }

    static func report(_ name: String, _ samples: [Duration], _ what: String, goal: String) {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return print("\(name): no samples") }
        func milliseconds(_ d: Duration) -> Double {
            d.inSeconds * 1000
        }
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print(
            String(
                format: "%@: %d samples, %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms (goal %@)",
                name,
                sorted.count,
                what,
                milliseconds(p50),
                milliseconds(p99),
                milliseconds(sorted.last ?? .zero),
                goal
            )
        )
    }
}
