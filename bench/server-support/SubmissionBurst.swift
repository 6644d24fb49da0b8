package import Client
import Foundation
import Manifest
import Wire

/// Submissions at full speed: `clients` concurrent submitters send `jobs` submissions in all, the
/// `k`th to `users[k % users.count]` (round robin over the servers, no load balancer between).
package struct SubmissionBurst: Sendable {
    /// The manifest every benchmark job carries: two tasks, never run (no runner executes them).
    package static let manifest =
        "image: debian/stable\ntasks:\n  - build: |\n      make\n  - test: |\n      make check\n"

    /// The same user's client on each server.
    package let users: [APIClient]
    package let jobs: Int
    package let clients: Int

    package init(users: [APIClient], jobs: Int, clients: Int) {
        self.users = users
        self.jobs = jobs
        self.clients = clients
    }

    /// What a burst came to.
    package struct Outcome: Sendable {
        package let jobs: Int
        package let seconds: Double

        /// Submissions per second.
        package var rate: Double { Double(jobs) / seconds }
    }

    /// Sends them all and times it.
    package func run() async throws -> Outcome {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for k in stride(from: client, to: jobs, by: clients) {
                        _ = try await users[k % users.count].submit(
                            SubmitRequest(manifest: Self.manifest, note: "bench")
                        )
                    }
                }
            }
            try await group.waitForAll()
        }
        return Outcome(jobs: jobs, seconds: (ContinuousClock.now - start).inSeconds)
    }
}
