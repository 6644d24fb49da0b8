import Client
import Foundation
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// `hck runner --token-file`: the token is read from a file (as systemd's credential hands it over)
/// and so is never in the process list. No VM boots: the runner only registers.
@Suite struct RunnerTokenFileTests {
    @Test func theRunnerReadsItsTokenFromAFileAndShowsItNowhere() async throws {
        let bed = try NodeTestBed()
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            let token = try #require(server.runner.token)
            let file = dir.path("runner-token")
            try "\(token)\n".write(toFile: file, atomically: true, encoding: .utf8)
            let refused = try await ChildProcess.run(
                try BuiltProducts.hck,
                ["runner", "--server", server.url.absoluteString, "--token-file", dir.path("missing")]
            )
            #expect(
                refused.status != 0 && refused.output.contains("--token-file \(dir.path("missing")): cannot read it")
            )

            try await bed.cleaningUp {
                // No isolation here: this test boots no VM and must not change the host's rules.
                let runner = try await HckProcess(
                    ["runner", "--server", server.url.absoluteString, "--token-file", file, "--no-guest-isolation"]
                        + bed.runnerArguments,
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("runner.log")
                )
                try await runner.waitFor("registered with")
                #expect(runner.output.contains("GUESTS NOT ISOLATED (--no-guest-isolation)"), "\(runner.output)")
                #expect(runner.output.contains("GUEST ISOLATION IS OFF"), "said loudly at start: \(runner.output)")
                let commandLine = try String(
                    decoding: Data(contentsOf: URL(fileURLWithPath: "/proc/\(runner.processIdentifier)/cmdline")),
                    as: UTF8.self
                )
                #expect(commandLine.contains("--token-file") && !commandLine.contains(token), "\(commandLine)")
                runner.signal(SIGTERM)
                #expect(await runner.exitStatus(within: .seconds(300)) == 0, "\(runner.output)")
            }
        }
    }
}
