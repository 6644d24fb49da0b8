import BenchSupport
import Foundation
import HckCore
import Manifest
import Runner

/// The bench's run: `hck up` started, the jobs submitted at once and watched to their ends while
/// the memory is sampled, `hck up` stopped, the report printed.
struct ConcurrencyBench {
    let options: ConcurrencyOptions
    /// The work folder: the manifests, `hck up`'s data, work folder and log.
    let work: URL

    /// How long the jobs may take from their submission: each is small, but N emulated guests on
    /// a busy host share its cores, and a job's own deadline on the server is 45 minutes.
    static let jobsDeadline: Duration = .seconds(50 * 60)

    /// Runs the bench.
    /// - Returns: whether every job succeeded and `hck up` stopped cleanly.
    /// - Throws: ``ConcurrencyBenchError`` when `hck` is missing, `hck up` does not serve or a
    ///   submit fails (`hck up` is stopped first).
    func run() async throws -> Bool {
        let hck = ConcurrencyOptions.hck
        guard FileManager.default.isExecutableFile(atPath: hck) else {
            throw ConcurrencyBenchError(
                .setup,
                "no hck next to this program (\(hck)): build with `swift build -c release`"
            )
        }
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        say("work folder (manifests, hck up's data and log): \(work.path)")
        let loadBefore = LoadAverage.now
        // Job ids name VMs, which are global to the host: start past this process's id.
        let firstJobID = Int64(ProcessInfo.processInfo.processIdentifier) * 100 + 1
        let server = try await UpServer.start(
            hck: hck,
            work: work,
            slots: options.jobs,
            imageRoot: options.imageRoot,
            firstJobID: firstJobID
        )
        say("hck up serving at \(server.cli.url) (pid \(server.process.processIdentifier), log \(server.log.path))")
        let measured: ConcurrencyReport
        do {
            measured = try await measure(on: server)
        } catch {
            _ = await server.stop()
            throw error
        }
        let stopped = await server.stop()
        measured.print()
        say("load average before \(loadBefore), after \(LoadAverage.now)")
        say(
            "hck up stopped: exit status \(stopped.status)"
                + (stopped.killed ? " (SIGKILL: it had not ended 60 s after SIGTERM)" : " after SIGTERM")
        )
        return measured.allSucceeded && !stopped.killed
    }

    /// Submits the jobs and watches them to their ends while the memory is sampled.
    private func measure(on server: UpServer) async throws -> ConcurrencyReport {
        let jobs = BenchJobs(count: options.jobs, folder: work)
        let cli = server.cli
        let (started, ids) = try await jobs.submitAll(with: cli)
        let numbers = ids.sorted { $0.key < $1.key }.map { "#\($0.value)" }
        say("submitted \(ids.count) jobs at once: \(numbers.joined(separator: " "))")
        let sampler = MemorySampler(
            up: server.process.processIdentifier,
            domains: Set(ids.values.map { DomainName(jobID: String($0)).description })
        )
        let process = server.process
        let outcomes = try await withThrowingTaskGroup(of: [BenchJobs.Outcome]?.self) { group in
            group.addTask {
                await sampler.run()
                return nil
            }
            group.addTask {
                try await jobs.watch(ids, with: cli, deadline: Self.jobsDeadline, server: process)
            }
            // The watch returns; the sampler runs until cancelled.
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            return []
        }
        if !process.isRunning {
            say("hck up ended while the jobs ran (exit status \(process.exitCode ?? -1)); its log ends:")
            say(UpServer.tail(of: server.log))
        }
        return ConcurrencyReport(
            jobs: options.jobs,
            started: started,
            outcomes: outcomes,
            memory: await sampler.peaks,
            ksm: KSMState.now()
        )
    }
}
