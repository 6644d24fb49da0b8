import Client
import Foundation
import HckCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `hck runner --metrics-listen HOST:PORT`: the real runner process serves its metrics there; a value
/// that is no address, or an address in use, stops it at once with an error naming the flag. No VM
/// boots: the runner only registers. `hck up` takes the flag too.
@Suite struct RunnerMetricsListenTests {
    @Test func theRunnerServesItsMetricsWhereTold() async throws {
        let bed = try NodeTestBed()
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            let token = try #require(server.runner.token)
            // No isolation here: this test boots no VM and must not change the host's rules.
            let arguments =
                ["runner", "--server", server.url.absoluteString, "--token", token, "--no-guest-isolation"]
                + bed.runnerArguments
            let environment = ProcessInfo.processInfo.environment.merging(bed.environment) { $1 }

            let nonsense = try await ChildProcess.run(
                try BuiltProducts.hck,
                arguments + ["--metrics-listen", "9100"],
                environment: environment
            )
            #expect(nonsense.status != 0)
            #expect(nonsense.output.contains("--metrics-listen 9100: write HOST:PORT"), "\(nonsense.output)")

            let held = try LoopbackSocket.bind(listening: true)
            let inUse = try await ChildProcess.run(
                try BuiltProducts.hck,
                arguments + ["--metrics-listen", "127.0.0.1:\(held.port)"],
                environment: environment
            )
            held.close()
            #expect(inUse.status != 0)
            #expect(
                inUse.output.contains(
                    "--metrics-listen 127.0.0.1:\(held.port): cannot listen on 127.0.0.1:\(held.port)"
                ),
                "\(inUse.output)"
            )
            #expect(inUse.output.contains("in use"), "the system's reason: \(inUse.output)")
            #expect(!inUse.output.contains("registered with"), "it stopped before registering")
            #expect(!inUse.output.contains("Fatal error"), "an error, not a crash")

            // `hck up` takes the same flag, with the same refusals, before it serves anything.
            let up = ["up", "--data", dir.path("up-data"), "--listen", "127.0.0.1:\(try TestServer.freePort())"]
            let upNonsense = try await ChildProcess.run(
                try BuiltProducts.hck,
                up + ["--metrics-listen", "9100"],
                environment: environment
            )
            #expect(upNonsense.status != 0)
            #expect(upNonsense.output.contains("--metrics-listen 9100: write HOST:PORT"), "\(upNonsense.output)")
            let upHeld = try LoopbackSocket.bind(listening: true)
            let upInUse = try await ChildProcess.run(
                try BuiltProducts.hck,
                up + ["--metrics-listen", "127.0.0.1:\(upHeld.port)", "--no-guest-isolation"],
                environment: environment
            )
            upHeld.close()
            #expect(upInUse.status != 0)
            #expect(
                upInUse.output.contains("--metrics-listen 127.0.0.1:\(upHeld.port): cannot listen"),
                "\(upInUse.output)"
            )
            #expect(!upInUse.output.contains("Fatal error"), "an error, not a crash")

            try await bed.cleaningUp {
                let port = try TestServer.freePort()
                let runner = try await HckProcess(
                    arguments + ["--metrics-listen", "127.0.0.1:\(port)"],
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("runner.log")
                )
                try await runner.waitFor("registered with")
                #expect(runner.output.contains("metrics at http://127.0.0.1:\(port)/metrics"), "\(runner.output)")
                let scraper = APIClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!, token: nil)
                let answer = try await scraper.exchange("GET", "/metrics")
                #expect(answer.status == 200)
                let metrics = PrometheusText(String(decoding: answer.body, as: UTF8.self))
                #expect(metrics.type(of: "hck_runner_vm_boot_seconds") == "histogram", "\(metrics)")
                #expect(metrics["hck_runner_vm_boot_seconds_count"] == 0)
                #expect(metrics["hck_runner_jobs_running"] == 0)
                #expect(metrics["hck_runner_jobs_finished_total{outcome=\"success\"}"] == 0)
                #expect(metrics["hck_runner_log_bytes_sent_total"] == 0)
                runner.signal(SIGTERM)
                #expect(await runner.exitStatus(within: .seconds(300)) == 0, "\(runner.output)")
            }
        }
    }
}
