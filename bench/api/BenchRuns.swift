import Client
import Foundation
import Manifest
import Server
import ServerBenchSupport
import Store
import Wire

/// The three measurements.
enum BenchRuns {
    /// `clients` concurrent submitters send `jobs` submissions in all; prints submissions per second.
    static func submissions(user: APIClient, options: BenchOptions) async throws {
        let burst = try await SubmissionBurst(users: [user], jobs: options.jobs, clients: options.clients).run()
        print(
            String(
                format: "submissions: %d in %.2f s with %d clients = %.0f/s (goal ≥ 1000/s)",
                burst.jobs,
                burst.seconds,
                options.clients,
                burst.rate
            )
        )
    }

    /// `runners` runners wait in long-polls; jobs are submitted one at a time and each is timed from
    /// the submission's start to the moment a runner's take returns it. Prints p50 and p99.
    static func dispatch(user: APIClient, runners: [APIClient], options: BenchOptions) async throws {
        let latencies = try await DispatchRun(users: [user], runners: runners, samples: options.samples).run()
        report("dispatch", latencies, "\(runners.count) waiting runners", goal: "p50 ≤ 50 ms")
    }

    /// A runner holds a job and a heartbeat long-poll; the owner cancels; timed from the cancel
    /// request's start to the heartbeat's answer carrying `cancel`. Prints p50 and p99.
    static func cancellation(user: APIClient, runner: APIClient, options: BenchOptions) async throws {
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        for _ in 0..<min(options.samples, 100) {
            let job = try await user.submit(SubmitRequest(manifest: SubmissionBurst.manifest))
            guard let held = try await runner.take(wait: 5), held.job.id == job.id else { continue }
            async let reply = runner.heartbeat(job.id, wait: 30)
            try await Task.sleep(for: .milliseconds(20))
            let start = clock.now
            _ = try await user.cancel(job.id)
            guard try await reply.cancel else { continue }
            latencies.append(clock.now - start)
            _ = try await runner.finish(job.id, status: .cancelled)
        }
        report("cancel", LatencySummary(latencies), "heartbeat long-poll answered", goal: "within 1 s")
    }

    static func report(_ name: String, _ latencies: LatencySummary, _ what: String, goal: String) {
        guard !latencies.sorted.isEmpty else { return print("\(name): no samples") }
        print(
            String(
                format: "%@: %d samples, %@: p50 %.2f ms, p99 %.2f ms, max %.2f ms (goal %@)",
                name,
                latencies.sorted.count,
                what,
                latencies.p50,
                latencies.p99,
                latencies.max,
                goal
            )
        )
    }
}
