import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

extension NodeVMTests {
    /// `hck runner` drains on SIGTERM, as real processes on real VMs (TCG): it takes no new job, a
    /// running job that ends within `--drain-timeout` is reported as usual, and one still running when
    /// the drain runs out is stopped (its VM destroyed) and handed back to the queue.
    @Suite struct RunnerDrainTests {
        static func manifest(_ script: String) -> String {
            """
            image: debian/bookworm
            tasks:
              - work: |
                  \(script)
            """
        }

        @Test func sigtermLetsRunningJobsFinishWithinTheDrainAndHandsTheRestBack() async throws {
            let bed = try NodeTestBed()
            let port = try TestServer.freePort()
            let url = "http://127.0.0.1:\(port)"
            let data = bed.directory.path("data")
            let admin = try Administration(dataDirectory: data)
            let token = try await admin.issueToken(for: "alice", role: .user)
            let runnerToken = try await admin.issueToken(for: "r1", role: .runner)
            let alice = APIClient(baseURL: URL(string: url)!, token: token)
            let drain = Duration.seconds(90)
            func submit(_ name: String, _ script: String) async throws -> Int64 {
                let file = bed.directory.path("\(name).yml")
                try Self.manifest(script).write(toFile: file, atomically: true, encoding: .utf8)
                let submitted = try await bed.hck(["submit", file], url: url, token: token)
                return try #require(Int64(submitted.output.dropFirst(4).prefix { $0.isNumber }), "\(submitted.output)")
            }
            try await bed.cleaningUp {
                let server = try await HckProcess(
                    ["server", "--data", data, "--port", String(port), "--first-job-id", String(bed.firstJobID)],
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("server.log")
                )
                try await server.waitFor("listening")
                let runner = try await HckProcess(
                    ["runner", "--server", url, "--token", runnerToken, "--slots", "2", "--drain-timeout", "90s"]
                        + bed.runnerArguments,
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("runner.log")
                )
                try await runner.waitFor("registered with")

                // One job that outlasts any drain, then one whose task ends 30 s after it began.
                let long = try await submit("long", "echo long started; sleep 3600")
                var job = try await NodeTestBed.wait(for: long, on: alice) { $0.tasks.first?.status == .running }
                try #require(job.tasks.first?.status == .running, "the long task never ran:\n\(runner.output)")
                let short = try await submit("short", "echo short started; sleep 30; echo short finished")
                job = try await NodeTestBed.wait(for: short, on: alice) { $0.tasks.first?.status == .running }
                try #require(job.tasks.first?.status == .running, "the short task never ran:\n\(runner.output)")

                runner.signal(SIGTERM)
                let signalled = ContinuousClock.now
                try await runner.waitFor("shutting down: no new jobs are taken", timeout: .seconds(10))
                let late = try await submit("late", "echo late")

                job = try await NodeTestBed.wait(for: short, on: alice, timeout: drain) { $0.status.isFinal }
                #expect(job.status == .success, "a job that ends within the drain is reported: \(job.reason ?? "")")
                let shortLog = try await alice.log(short, task: "work", offset: 0, wait: 0).data
                #expect(String(decoding: shortLog, as: UTF8.self).contains("short finished"))

                job = try await NodeTestBed.wait(for: long, on: alice, timeout: drain + .seconds(120)) {
                    $0.status == .queued
                }
                #expect(job.status == .queued, "the long job goes back to the queue:\n\(runner.output)")
                #expect(ContinuousClock.now - signalled >= drain, "not before the drain ran out")
                #expect(job.runner == nil)
                #expect(job.tasks.map(\.status) == [.pending], "its task runs again from the start")
                let setup = String(
                    decoding: try await alice.log(long, task: nil, offset: 0, wait: 0).data,
                    as: UTF8.self
                )
                #expect(setup.contains("drain (--drain-timeout) ran out: the job goes back to the queue"), "\(setup)")

                #expect(await runner.exitStatus(within: .seconds(300)) == 0, "\(runner.output)")
                #expect(runner.output.contains("job \(long): handed back to the queue"), "\(runner.output)")
                #expect(try await NodeTestBed.domains(of: long).isEmpty, "the handed-back job's VM is gone")
                #expect(try await alice.job(late).status == .queued, "a draining runner takes no new job")

                _ = try await alice.cancel(long)
                _ = try await alice.cancel(late)
                server.signal(SIGTERM)
                #expect(await server.exitStatus(within: .seconds(300)) == 0)
            }
        }
    }
}
