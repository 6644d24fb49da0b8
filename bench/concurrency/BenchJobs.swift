import Foundation
import HckCore
import Manifest

/// The bench's jobs: N small manifests written to the work folder, submitted at the same moment,
/// then polled until each ended.
struct BenchJobs: Sendable {
    /// What became of one job.
    struct Outcome: Sendable {
        /// Its number in the bench, 1…N.
        var number: Int
        /// Its id on the server.
        var id: Int64
        /// The last status seen, nil when `hck status` never answered.
        var status: JobStatus?
        /// When it was first seen ended (nil: never, so lost).
        var endedAt: ContinuousClock.Instant?
    }

    /// How many jobs.
    let count: Int
    /// Where the manifests are written.
    let folder: URL

    /// Job `number`'s manifest: jq from the packages, a task printing the job's number and jq's
    /// version, then a task that holds the VM for 20 s so the jobs overlap.
    func manifest(_ number: Int) -> String {
        """
        image: debian/bookworm
        packages:
          - jq
        tasks:
          - version: |
              echo "bench job \(number) of \(count) (JOB_ID $JOB_ID)"
              jq --version
          - hold: sleep 20

        """
    }

    /// Writes the manifests and runs one `hck submit` per job, all at once.
    /// - Returns: when the first submit started, and each job's number and id.
    /// - Throws: ``ConcurrencyBenchError`` (`submitFailed`) for the first submit that failed.
    func submitAll(with cli: HckCLI) async throws -> (started: ContinuousClock.Instant, ids: [Int: Int64]) {
        var files: [Int: URL] = [:]
        for number in 1...count {
            let file = folder.appendingPathComponent("job-\(number).yml")
            try manifest(number).write(to: file, atomically: true, encoding: .utf8)
            files[number] = file
        }
        let started = ContinuousClock.now
        let ids = try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
            for (number, file) in files {
                group.addTask {
                    let id = try await cli.submit(file)
                    return (number, id)
                }
            }
            var ids: [Int: Int64] = [:]
            for try await (number, id) in group { ids[number] = id }
            return ids
        }
        return (started, ids)
    }

    /// Polls `hck status` for every job not yet ended, once a second, until all ended, the
    /// deadline passed or `hck up` ended.
    /// - Parameters:
    ///   - ids: each job's number and id.
    ///   - deadline: how long after the call to keep polling.
    ///   - server: `hck up`, whose end stops the polling.
    /// - Returns: each job's outcome, by number.
    func watch(
        _ ids: [Int: Int64],
        with cli: HckCLI,
        deadline: Duration,
        server: SpawnedProcess
    ) async throws -> [Outcome] {
        var outcomes = ids.sorted { $0.key < $1.key }.map { Outcome(number: $0.key, id: $0.value) }
        let started = ContinuousClock.now
        while outcomes.contains(where: { $0.endedAt == nil }), ContinuousClock.now - started < deadline,
            server.isRunning
        {
            for index in outcomes.indices where outcomes[index].endedAt == nil {
                guard let status = try await cli.status(of: outcomes[index].id) else { continue }
                outcomes[index].status = status
                if status.isFinal { outcomes[index].endedAt = ContinuousClock.now }
            }
            try await Task.sleep(for: .seconds(1))
        }
        return outcomes
    }
}
