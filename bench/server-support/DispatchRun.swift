package import Client
import Foundation
import Manifest
import Wire

/// Dispatch latency: runners wait in long-polls (on any server), jobs are submitted one at a time,
/// the `k`th to `users[k % users.count]`, and each is timed from the submission's start to the
/// moment a runner's take returns it; the runner then reports the job's end and takes again.
package struct DispatchRun: Sendable {
    /// The same user's client on each server.
    package let users: [APIClient]
    /// The runners' clients, each on its own server.
    package let runners: [APIClient]
    package let samples: Int

    package init(users: [APIClient], runners: [APIClient], samples: Int) {
        self.users = users
        self.runners = runners
        self.samples = samples
    }

    /// Empties the queue (every runner takes without waiting and reports the end, until none is
    /// left), then times `samples` submissions; the latencies of those that came back in order.
    package func run() async throws -> LatencySummary {
        try await QueueDrain(runners: runners).run()
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        let (taken, sink) = AsyncStream.makeStream(of: (Int64, ContinuousClock.Instant).self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in runners {
                group.addTask {
                    while !Task.isCancelled {
                        guard let assignment = try await runner.take(wait: 5) else { continue }
                        sink.yield((assignment.job.id, clock.now))
                        _ = try await runner.finish(assignment.job.id, status: .success)
                    }
                }
            }
            var arrivals = taken.makeAsyncIterator()
            // Let every runner's long-poll reach its server.
            try await Task.sleep(for: .milliseconds(300))
            for k in 0..<samples {
                let start = clock.now
                let job = try await users[k % users.count].submit(SubmitRequest(manifest: SubmissionBurst.manifest))
                guard let (id, at) = await arrivals.next(), id == job.id else { continue }
                latencies.append(at - start)
            }
            group.cancelAll()
        }
        return LatencySummary(latencies)
    }
}

/// Runners taking what is queued without waiting, each job ended at once, until the queue is empty.
package struct QueueDrain: Sendable {
    package let runners: [APIClient]

    package init(runners: [APIClient]) {
        self.runners = runners
    }

    /// Takes and ends every queued job; how many there were.
    @discardableResult
    package func run() async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for runner in runners {
                group.addTask {
                    var taken = 0
                    while let assignment = try await runner.take(wait: 0) {
                        _ = try await runner.finish(assignment.job.id, status: .success)
                        taken += 1
                    }
                    return taken
                }
            }
            return try await group.reduce(0, +)
        }
    }
}
