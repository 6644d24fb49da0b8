import AsyncHTTPClient
import Foundation
import Manifest
import ServerBenchSupport
import TestSupport

/// One round: a fresh server on one store, the emulated runners appending at full speed while the
/// followers (or none) read, and what it came to.
struct IngestRound {
    let options: IngestOptions
    let database: String
    let sse: Int
    let follow: Int
    let http: HTTPClient

    /// What a round measured.
    struct Outcome {
        /// What each job's runner appended.
        var appended: [Int64: EmulatedRunner.Appended] = [:]
        /// From the first append to the last acknowledgement.
        var seconds = 0.0
        /// The server's CPU seconds over the same time.
        var serverCPU = 0.0
        var sse: [(job: Int64, result: FollowerResult)] = []
        var cli: [(job: Int64, result: FollowerResult)] = []
        var memoryAtStart = 0.0
        var memoryPeak = 0.0
        var loadAtStart = 0.0
        var loadPeak = 0.0
    }

    /// Runs the round on a fresh server.
    func run() async throws -> Outcome {
        let directory = try TemporaryDirectory()
        let server = try await IngestServer.start(database: database, directory: directory, runners: options.runners)
        let runners = try await server.takenJobs()
        let sampler = ProcessSampler(pid: server.process.processIdentifier)
        var outcome = Outcome()
        outcome.memoryAtStart = sampler.residentMiB() ?? 0
        outcome.loadAtStart = ProcessSampler.load()
        try await withThrowingTaskGroup(of: (memory: Double, load: Double).self) { group in
            group.addTask { await sampler.peaks() }
            try await appendAndFollow(server: server, runners: runners, sampler: sampler, into: &outcome)
            group.cancelAll()
            let peaks = try await group.next()
            outcome.memoryPeak = peaks?.memory ?? 0
            outcome.loadPeak = peaks?.load ?? 0
        }
        await server.stop()
        return outcome
    }

    /// Starts the followers, gives them time to connect, lets every runner append, ends the jobs and
    /// waits for every follower to reach the end.
    private func appendAndFollow(
        server: IngestServer,
        runners: [EmulatedRunner],
        sampler: ProcessSampler,
        into outcome: inout Outcome
    ) async throws {
        let jobs = runners.map(\.job)
        let hck = try BuiltProducts.hck.path
        let sseFollower = SSEFollower(client: http, url: server.url, token: server.userToken)
        let cliFollower = CLIFollower(hck: hck, url: server.url, token: server.userToken)
        let perRunner = options.megabytes * 1_048_576 / runners.count
        let chunkSize = options.chunkKiB * 1024
        try await withThrowingTaskGroup(of: FollowerKind.self) { followers in
            for n in 0..<sse {
                let job = jobs[n % jobs.count]
                followers.addTask {
                    let result = try await sseFollower.run(job: job)
                    return .sse(job, result)
                }
            }
            for n in 0..<follow {
                let job = jobs[n % jobs.count]
                followers.addTask {
                    let result = try await cliFollower.run(job: job)
                    return .cli(job, result)
                }
            }
            if sse + follow > 0 { try await Task.sleep(for: .seconds(3)) }
            let cpuBefore = sampler.cpuSeconds()
            let started = ContinuousClock.now
            let deadline = started + .seconds(options.seconds)
            outcome.appended = try await withThrowingTaskGroup(of: (Int64, EmulatedRunner.Appended).self) { appends in
                for runner in runners {
                    appends.addTask {
                        let appended = try await runner.append(bytes: perRunner, chunkSize: chunkSize, until: deadline)
                        return (runner.job, appended)
                    }
                }
                return try await appends.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            outcome.seconds = (ContinuousClock.now - started).inSeconds
            outcome.serverCPU = sampler.cpuSeconds() - cpuBefore
            for runner in runners { try await runner.finish() }
            for try await follower in followers {
                switch follower {
                case .sse(let job, let result): outcome.sse.append((job, result))
                case .cli(let job, let result): outcome.cli.append((job, result))
                }
            }
        }
    }

    /// What one follower task brought back.
    private enum FollowerKind {
        case sse(Int64, FollowerResult)
        case cli(Int64, FollowerResult)
    }
}
