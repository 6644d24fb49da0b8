import Client
import Foundation
import HckCore
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

extension NodeVMTests {
    /// `hck run`, the real binary on a real VM: its flags' errors, the streamed logs with a header
    /// per task, `--env` and `--secret`, the summary table, artifacts copied to `--artifacts`,
    /// `--keep` printing an ssh command that the real OpenSSH client logs in with, Ctrl-C ending
    /// the kept VM with nothing left behind, a closed terminal cancelling a running job, and the VM
    /// of a killed `hck run` removed by the next; its guest isolated (`--guest-forward`).
    @Suite struct RunCommandVMTests {
        static func manifest(probes: String) -> String {
            """
            image: debian/oldstable
            packages: [jq]
            environment:
              GREETING: from the manifest
            artifacts:
              - out/result.txt
            tasks:
              - build: |
                  mkdir -p out
                  echo "$GREETING / $(cat ~/.secrets/token)" > out/result.txt
                  echo "OUT:GREETING=$GREETING"
              - check: |
                  echo "OUT:CHECK=$(cat out/result.txt)"
                  jq -rn '"OUT:JQ " + "from the mirror"'
              - isolation: |
            \(probes.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
            """
        }

        @Test func runStreamsCopiesOutKeepsTheVMForSSHAndCtrlCEndsIt() async throws {
            try await IsolationProbes.with(hostPorts: []) { probes in
                try await runStreamsCopiesOutKeepsTheVMForSSHAndCtrlCEndsIt(probes: probes)
            }
        }

        private func runStreamsCopiesOutKeepsTheVMForSSHAndCtrlCEndsIt(probes: IsolationProbes) async throws {
            let bed = try NodeTestBed()
            let file = bed.directory.path("build.yml")
            try Self.manifest(probes: probes.script).write(toFile: file, atomically: true, encoding: .utf8)
            let secret = bed.directory.path("token.txt")
            try "token-\(UUID().uuidString)".write(toFile: secret, atomically: true, encoding: .utf8)
            let artifacts = bed.directory.path("artifacts")
            let environment = ProcessInfo.processInfo.environment.merging(bed.environment) { $1 }
            let common = ["--catalog", NodeTestBed.catalog, "--no-package-cache"]

            for (flags, complaint) in [
                (["--env", "NOEQUALS"], "--env NOEQUALS: write NAME=VALUE"),
                (["--timeout", "5x"], "--timeout 5x: write a number with s, m or h"),
                (
                    ["--secret", "token=/nonexistent/file"],
                    "--secret token=/nonexistent/file: cannot read /nonexistent/file"
                ),
            ] {
                let refused = try await ChildProcess.run(
                    try BuiltProducts.hck,
                    ["run", file] + common + flags,
                    environment: environment
                )
                #expect(refused.status != 0 && refused.output.contains(complaint), "\(flags): \(refused.output)")
            }

            var id: Int?
            try await bed.cleaningUp {
                let run = try await HckProcess(
                    [
                        "run", file, "--env", "GREETING=from the flag", "--secret", "token=\(secret)", "--artifacts",
                        artifacts,
                        "--keep",
                    ] + common + probes.flags,
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("run.log")
                )
                // A blow-up bound: a slow mirror alone once took over 3 min for apt-get update on a loaded host.
                try await run.waitFor("Get in with:", timeout: .seconds(900))
                #expect(try await IsolationProbes.tableInstalled(), "hck run installs the table")
                try await probes.check(run.output)
                #expect(run.output.contains("\nOUT:JQ from the mirror"), "packages from the mirror: \(run.output)")
                id = run.output.firstMatch(of: /hck: job (\d+), logs in/).flatMap { Int($0.1) }
                let shown = run.output
                let order = [
                    "==> Running task build", "+ mkdir -p out", "OUT:GREETING=from the flag", "==> Running task check",
                    "OUT:CHECK=from the flag / [MASKED]",
                ].map { shown.range(of: $0)?.lowerBound }
                #expect(
                    order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! },
                    "the logs stream with a header before each task: \(shown)"
                )
                let token = try String(contentsOfFile: secret, encoding: .utf8)
                #expect(!shown.contains(token), "the secret is masked in hck run's output")
                #expect(
                    (try? String(contentsOfFile: artifacts + "/result.txt", encoding: .utf8))
                        == "from the flag / \(token)\n",
                    "the artifact is copied to --artifacts before the VM is kept"
                )

                let command = try #require(
                    shown.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("ssh -i ") },
                    "no ssh command in: \(shown)"
                ).split(separator: " ").map(String.init)
                let inside = try await ChildProcess.run(
                    URL(fileURLWithPath: "/usr/bin/ssh"),
                    ["-o", "BatchMode=yes"] + command.dropFirst() + ["echo OUT:INSIDE $(whoami) $(cat out/result.txt)"]
                )
                #expect(
                    inside.status == 0 && inside.output.contains("OUT:INSIDE build from the flag / \(token)"),
                    "the printed command logs in (pinned host key, the job's key): \(inside.output)"
                )

                run.signal(SIGINT)
                let status = await run.exitStatus()
                let ended = run.output
                #expect(status == 0, "a kept VM ended with Ctrl-C after a success: \(ended)")
                #expect(ended.contains("hck: interrupted, cancelling the job"))
                #expect(ended.contains("destroyed, overlay deleted"))
                #expect(
                    ended.contains(/build\s+success\s+\d+\.\d s/) && ended.contains(/check\s+success\s+\d+\.\d s/),
                    "\(ended)"
                )
                #expect(ended.contains("job success in"))
                #expect(try await IsolationProbes.tableGoneUnlessHeld(), "hck run removed its table at exit")
                let job = try #require(id)
                #expect(try await NodeTestBed.domains(of: Int64(job)).isEmpty, "the domain is gone")
                let overlays = (try? FileManager.default.contentsOfDirectory(atPath: "/var/tmp/hck-run/overlays")) ?? []
                #expect(!overlays.contains { $0.contains(String(job)) }, "the overlay is gone: \(overlays)")
            }
            if let id {
                _ = try? await ChildProcess.run(["virsh", "-c", "qemu:///system", "destroy", "hck-job-\(id)"])
                try? FileManager.default.removeItem(atPath: "/var/tmp/hck-run/jobs/\(id)")
            }
        }

        /// A terminal that closes (SIGHUP) in the middle of a task cancels the job cleanly too; and the
        /// VM of an `hck run` that was SIGKILLed (no chance to clean up) is removed by the next one.
        @Test func aClosedTerminalCancelsTheJobAndItsVMGoes() async throws {
            let bed = try NodeTestBed()
            let file = bed.directory.path("long.yml")
            try
                "image: debian/bookworm\ntasks:\n  - long: |\n      echo OUT:STARTED\n      sleep 600\n  - after: \"true\"\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            var id: Int?
            var killedID: Int?
            try await bed.cleaningUp {
                let killed = try await HckProcess(
                    ["run", file, "--no-package-cache"],
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("killed.log")
                )
                try await killed.waitFor("==> Booting", timeout: .seconds(120))
                killedID = killed.output.firstMatch(of: /hck: job (\d+), logs in/).flatMap { Int($0.1) }
                let leaked = try #require(killedID)
                for _ in 0..<300 where try await NodeTestBed.domains(of: Int64(leaked)).isEmpty {
                    try await Task.sleep(for: .milliseconds(200))
                }
                killed.signal(SIGKILL)
                _ = await killed.exitStatus()
                #expect(
                    try await NodeTestBed.domains(of: Int64(leaked)) == ["hck-job-\(leaked)"],
                    "a killed hck run leaves its VM"
                )

                let run = try await HckProcess(
                    ["run", file, "--no-package-cache"],
                    environment: bed.environment,
                    log: bed.directory.url.appendingPathComponent("run.log")
                )
                try await run.waitFor("OUT:STARTED", timeout: .seconds(300))
                id = run.output.firstMatch(of: /hck: job (\d+), logs in/).flatMap { Int($0.1) }
                run.signal(SIGHUP)
                let status = await run.exitStatus()
                let ended = run.output
                #expect(status == 1, "\(ended)")
                #expect(ended.contains("hck: the terminal hung up, cancelling the job"))
                #expect(ended.contains(/long\s+failed/) && ended.contains(/after\s+skipped/), "\(ended)")
                #expect(ended.contains("job cancelled in"), "\(ended)")
                let job = try #require(id)
                #expect(try await NodeTestBed.domains(of: Int64(job)).isEmpty, "the domain is gone")
                #expect(
                    ended.contains("hck: removed hck-job-\(leaked), left running by an hck run that was killed"),
                    "\(ended)"
                )
                #expect(
                    try await NodeTestBed.domains(of: Int64(leaked)).isEmpty,
                    "the next hck run removed the killed one's VM"
                )
                let overlays = (try? FileManager.default.contentsOfDirectory(atPath: "/var/tmp/hck-run/overlays")) ?? []
                #expect(
                    !overlays.contains { $0.contains(String(leaked)) },
                    "its overlay and lock file are gone: \(overlays)"
                )
            }
            for leftover in [id, killedID].compactMap({ $0 }) {
                _ = try? await ChildProcess.run(["virsh", "-c", "qemu:///system", "destroy", "hck-job-\(leftover)"])
                try? FileManager.default.removeItem(atPath: "/var/tmp/hck-run/jobs/\(leftover)")
            }
        }
    }
}
