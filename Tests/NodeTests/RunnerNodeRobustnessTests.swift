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
    /// `hck server` and `hck runner` as separate processes, on real VMs (TCG): a server restarted
    /// mid-job loses nothing; a runner killed mid-task loses its job ("runner lost", with the failure
    /// email through a real SMTP server), the next runner on its folder removes its VM, and a cancel
    /// reaches a runner at once.
    @Suite struct RunnerNodeRobustnessTests {
        /// A task that prints numbered lines for a while: long enough to restart the server under it.
        static let slowLines = """
            image: debian/bookworm
            tasks:
              - count: |
                  for i in $(seq 1 60); do echo "count $i"; sleep 0.25; done
              - after: |
                  echo after the restart
            """

        /// A task that waits, with no trigger.
        static let waiting = """
            image: debian/bookworm
            tasks:
              - wait: |
                  sleep 3600
            """

        static func stuck(mailTo: String) -> String {
            """
            image: debian/bookworm
            tasks:
              - wait: |
                  echo waiting; sleep 3600
            triggers:
              - action: email
                condition: failure
                to: \(mailTo)
            """
        }

        @Test func aServerRestartLosesNothingAndAKilledRunnerLosesItsJobAndItsVMIsCleanedUp() async throws {
            let bed = try NodeTestBed()
            let sink = try await SMTPSink.start()
            defer { sink.stop() }
            let port = try TestServer.freePort()
            let url = "http://127.0.0.1:\(port)"
            let data = bed.directory.path("data")
            let admin = try Administration(dataDirectory: data)
            let token = try await admin.issueToken(for: "alice", role: .user)
            let runnerToken = try await admin.issueToken(for: "r1", role: .runner)
            let alice = APIClient(baseURL: URL(string: url)!, token: token)
            func server(lease: Int, log: String) async throws -> HckProcess {
                try await HckProcess(
                    [
                        "server", "--data", data, "--port", String(port), "--lease-seconds", String(lease),
                        "--first-job-id", String(bed.firstJobID), "--smtp-host", "127.0.0.1", "--smtp-port",
                        String(sink.port),
                        "--smtp-security", "none",
                    ],
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent(log)
                )
            }
            let metricsPort = try TestServer.freePort()
            func runner(log: String, metrics: [String] = []) async throws -> HckProcess {
                try await HckProcess(
                    ["runner", "--server", url, "--token", runnerToken] + bed.runnerArguments + metrics,
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent(log)
                )
            }
            try await bed.cleaningUp {
                var first = try await server(lease: 30, log: "server-1.log")
                try await first.waitFor("listening")
                let runner1 = try await runner(
                    log: "runner-1.log",
                    metrics: ["--metrics-listen", "127.0.0.1:\(metricsPort)"]
                )
                try await runner1.waitFor("registered with")

                // The server restarted while a task prints: the job finishes and its log is whole.
                let slow = bed.directory.path("slow.yml")
                try Self.slowLines.write(toFile: slow, atomically: true, encoding: .utf8)
                let submitted = try await bed.hck(["submit", slow], url: url, token: token)
                let id = try #require(
                    Int64(submitted.output.dropFirst(4).prefix { $0.isNumber }),
                    "\(submitted.output)"
                )
                #expect(id == bed.firstJobID, "--first-job-id: \(submitted.output)")
                var job = try await NodeTestBed.wait(for: id, on: alice) { $0.tasks.first?.status == .running }
                try #require(job.tasks.first?.status == .running, "the task never ran:\n\(runner1.output)")
                first.signal(SIGTERM)
                #expect(await first.exitStatus(within: .seconds(300)) == 0)
                first = try await server(lease: 3, log: "server-2.log")
                try await first.waitFor("listening")
                job = try await NodeTestBed.wait(for: id, on: alice) { $0.status.isFinal }
                #expect(job.status == .success, "\(job.reason ?? "")\n\(runner1.output)")
                let log = String(
                    decoding: try await alice.log(id, task: "count", offset: 0, wait: 0).data,
                    as: UTF8.self
                )
                let counted = log.split(separator: "\n").filter { $0.hasPrefix("count ") }
                #expect(
                    counted.map(String.init) == (1...60).map { "count \($0)" },
                    "the log is whole across the restart: \(log)"
                )
                // The runner's /metrics: its VM's boot to SSH, the job's end and the log it sent (once the
                // runner is past its report and its VM's teardown, a moment after the server heard).
                let metrics = try await Self.metrics(at: metricsPort) {
                    $0["hck_runner_jobs_finished_total{outcome=\"success\"}"] == 1 && $0["hck_runner_jobs_running"] == 0
                }
                #expect(metrics["hck_runner_vm_boot_seconds_count"] == 1, "\(metrics)")
                let boot = try #require(metrics["hck_runner_vm_boot_seconds_sum"])
                #expect(boot > 0 && boot < 300, "its VM started and answered SSH: \(boot) s")
                #expect(metrics["hck_runner_vm_boot_seconds_bucket{le=\"+Inf\"}"] == 1)
                #expect(metrics["hck_runner_jobs_running"] == 0)
                #expect((metrics["hck_runner_log_bytes_sent_total"] ?? 0) >= Double(log.utf8.count), "\(metrics)")
                // The runner noticed the outage and carried on: whichever of its calls hit the restart
                // (a log upload or a heartbeat) says it was answered again.
                #expect(
                    runner1.output.contains("the server answers again")
                        || runner1.output.contains("heartbeats answered again"),
                    "\(runner1.output)"
                )

                // A runner killed mid-task: the lease (3 s now) ends the job as "runner lost", and the
                // failure email goes out.
                let stuck = bed.directory.path("stuck.yml")
                try Self.stuck(mailTo: "alice@example.org").write(toFile: stuck, atomically: true, encoding: .utf8)
                let lostID = try #require(
                    Int64(
                        try await bed.hck(["submit", stuck], url: url, token: token).output.dropFirst(4).prefix {
                            $0.isNumber
                        }
                    )
                )
                job = try await NodeTestBed.wait(for: lostID, on: alice) { $0.tasks.first?.status == .running }
                try #require(job.tasks.first?.status == .running, "the task never ran:\n\(runner1.output)")
                runner1.signal(SIGKILL)
                _ = await runner1.exitStatus()
                let killed = ContinuousClock.now
                job = try await NodeTestBed.wait(for: lostID, on: alice, timeout: .seconds(30)) { $0.status.isFinal }
                #expect(job.status == .failed)
                #expect(job.reason == "runner lost")
                #expect(ContinuousClock.now - killed < .seconds(15), "the lease is 3 s")
                #expect(
                    try await NodeTestBed.domains(of: lostID) == ["hck-job-\(lostID)"],
                    "a killed runner leaves its VM"
                )
                var messages: [[String: Any]] = []
                for _ in 0..<100 where messages.isEmpty {
                    try await Task.sleep(for: .milliseconds(100))
                    messages = try sink.messages()
                }
                let mail = try #require(messages.first?["data"] as? String, "no email reached the SMTP server")
                #expect(messages.first?["rcpt_tos"] as? [String] == ["alice@example.org"])
                #expect(mail.contains("Subject: [hck] build failed\r\n"))
                #expect(mail.contains("Job #\(lostID): failed"))
                #expect(mail.contains("✗ wait \(url)/api/jobs/\(lostID)/tasks/wait/log"))

                // The next runner on the same folder removes the leftover domain and overlay.
                let runner2 = try await runner(log: "runner-2.log")
                try await runner2.waitFor("registered with")
                #expect(runner2.output.contains("hck-job-\(lostID)"), "\(runner2.output)")
                #expect(try await NodeTestBed.domains(of: lostID).isEmpty)
                #expect(
                    !FileManager.default.fileExists(
                        atPath: bed.work.appendingPathComponent("overlays/hck-job-\(lostID)").path
                    )
                )

                // A cancel reaches the runner at once (its heartbeat is a long-poll) and the VM goes.
                let waiting = bed.directory.path("waiting.yml")
                try Self.waiting.write(toFile: waiting, atomically: true, encoding: .utf8)
                let waitingID = try #require(
                    Int64(
                        try await bed.hck(["submit", waiting], url: url, token: token).output.dropFirst(4).prefix {
                            $0.isNumber
                        }
                    )
                )
                job = try await NodeTestBed.wait(for: waitingID, on: alice) { $0.tasks.first?.status == .running }
                try #require(job.tasks.first?.status == .running, "the task never ran:\n\(runner2.output)")
                let cancelled = ContinuousClock.now
                _ = try await alice.cancel(waitingID)
                try await runner2.waitFor("job \(waitingID): cancelled on the server", timeout: .seconds(10))
                let heard = ContinuousClock.now - cancelled
                print("the runner heard of the cancel after \(heard) (polled every 200 ms)")
                // Bounded well below the heartbeat's 20 s wait, wide enough for a loaded host.
                #expect(heard < .seconds(8), "a cancel reaches the runner at once, not at the next heartbeat")
                job = try await NodeTestBed.wait(for: waitingID, on: alice, timeout: .seconds(60)) { $0.status.isFinal }
                #expect(job.status == .cancelled)
                #expect(try await NodeTestBed.domainGone(of: waitingID))

                runner2.signal(SIGTERM)
                #expect(await runner2.exitStatus(within: .seconds(300)) == 0, "\(runner2.output)")
                first.signal(SIGTERM)
                #expect(await first.exitStatus(within: .seconds(300)) == 0)
            }
        }

        /// The runner's /metrics once `done` holds of them, or as they are after `timeout`.
        static func metrics(
            at port: Int,
            timeout: Duration = .seconds(60),
            until done: (PrometheusText) -> Bool
        ) async throws -> PrometheusText {
            let scraper = APIClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, token: nil)
            let giveUp = ContinuousClock.now + timeout
            while true {
                let metrics = PrometheusText(
                    String(decoding: try await scraper.exchange("GET", "/metrics").body, as: UTF8.self)
                )
                if done(metrics) || ContinuousClock.now > giveUp { return metrics }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}
