import Client
import Foundation
import Gateway
import Images
import Logging
import Manifest
import Runner
import Server
import ServiceLifecycle
import Store
import TestSupport
import Testing
import Wire

/// The SSH gateway end to end: a real server on loopback decides who enters, a real VM under TCG is
/// kept, and OpenSSH's own `ssh` client connects through the gateway. Three boots in all.
@Suite(.serialized) struct GatewayVMTests {
    static let imageRoot =
        ProcessInfo.processInfo.environment["HCK_IMAGE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        ?? "/var/cache/hck-dev/images"

    /// Everything one test needs: server, gateway, runner, keys and the `ssh` command line.
    struct Bed {
        let scratch: Scratch
        let server: TestServer
        let gateway: SSHGateway
        let runner: JobRunner
        let alice: SSHKeyPair
        let knownHosts: String

        /// `ssh` through the gateway with `key`, non-interactive, the gateway's host key pinned.
        func ssh(_ key: SSHKeyPair, _ arguments: [String], stdin: String? = nil) async throws -> Ran {
            let port = await gateway.port()
            return try await execute(
                [
                    "ssh", "-i", key.file, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o",
                    "StrictHostKeyChecking=yes",
                    "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "LogLevel=ERROR", "-p", String(port),
                    "connect@127.0.0.1",
                ] + arguments,
                stdin: stdin
            )
        }

        /// Runs the job with the gateway as its keep-alive hook; the caller is the runner node here.
        func run(_ id: Int64, _ yaml: String, events: any JobEvents) async throws -> Runner.JobOutcome {
            let manifest = try Manifest.parse(yaml, file: "test.yml").manifest
            let request = JobRequest(id: id, manifest: manifest, url: "http://127.0.0.1/jobs/\(id)")
            return await runner.run(request, events: events, keepAlive: gateway)
        }

        /// The job's log files and the gateway's live view of it, as a runner node wires them.
        func events(_ id: Int64) async throws -> any JobEvents {
            let files = try JobLogFiles(directory: scratch.url.appendingPathComponent("logs-\(id)"))
            let watched = try #require(await gateway.watch(job: id, deadline: Date().addingTimeInterval(3600)))
            return JobEventsFanOut([files, watched])
        }

        /// Whether a setup log says its job ended: the VM was destroyed (or its destruction failed),
        /// or the outcome was announced with no VM kept. A kept VM's job announces its outcome as
        /// soon as the VM can be reached, while the hold goes on.
        static func ended(_ log: String) -> Bool {
            log.contains(" destroyed, overlay deleted") || log.contains("\nhck: destroying ")
                || (log.contains("\nhck: job ") && !log.contains("==> Keeping the VM"))
        }

        func setupLog(_ id: Int64) -> String {
            (try? String(contentsOfFile: scratch.path("logs-\(id)/setup.log"), encoding: .utf8)) ?? ""
        }

        /// Waits until the VM answers SSH. Starting `ssh` (a `Process`) while the runner starts
        /// `qemu-img` once lost the latter's termination here (Foundation's child reaping), so the
        /// tests connect once the runner's own processes are done.
        func waitForSSH(_ id: Int64) async throws {
            try await waitForSetupLog(id, "hck: SSH answered")
        }

        /// Waits up to five minutes for a line in the job's setup log; fails at once, showing the
        /// log, when the job ends without it (a boot that failed, say).
        func waitForSetupLog(_ id: Int64, _ text: String) async throws {
            let giveUp = ContinuousClock.now.advanced(by: .seconds(300))
            var log = setupLog(id)
            while !log.contains(text), !Self.ended(log), ContinuousClock.now < giveUp {
                try await Task.sleep(for: .milliseconds(300))
                log = setupLog(id)
            }
            try #require(log.contains(text), "job \(id)'s setup log has no \"\(text)\":\n\(log)")
        }
    }

    /// Starts a server, a gateway on a free port and a runner, registers alice's key, and runs `body`.
    func withBed(failedKeepAlive: Duration, _ body: (Bed) async throws -> Void) async throws {
        let scratch = Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.url, withIntermediateDirectories: true)
        let store = ImageStore(root: URL(fileURLWithPath: Self.imageRoot))
        #expect(
            store.isBuilt(name: "debian/bookworm", arch: .amd64),
            "debian/bookworm is not built in \(Self.imageRoot) (run `make image`)"
        )
        var configuration = RunnerConfiguration(
            imageStore: store,
            workDirectory: scratch.url.appendingPathComponent("jobs")
        )
        configuration.failedKeepAlive = failedKeepAlive
        let runner = JobRunner(
            driver: try await LibvirtDriver(overlayRoot: scratch.url.appendingPathComponent("overlays")),
            configuration: configuration
        )
        let alice = try await SSHKeyPair.make("ed25519", name: "alice", in: scratch.url.path)
        let serverData = try TemporaryDirectory()
        let configure: TestServer.Configure = {
            // Job ids name libvirt domains, global on the host; this test is the runner node and sends no heartbeats.
            $0.firstJobID = Int64.random(in: 100_000..<900_000)
            $0.leaseDuration = .seconds(3600)
        }
        try await TestServer.with(
            directory: serverData,
            configure: configure
        ) { server in
            _ = try await server.alice.addKey(alice.publicLine)
            try await server.runner.register(
                RunnerCapacity(arches: ["x86_64"], images: ["debian/bookworm"], kvm: false, slots: 1)
            )
            var gatewayConfiguration = SSHGateway.Configuration(
                hostKeyFile: scratch.url.appendingPathComponent("gateway_host_key")
            )
            gatewayConfiguration.port = 0
            let gateway = try SSHGateway(
                configuration: gatewayConfiguration,
                authority: ServerAuthority(client: server.runner)
            )
            let again = try SSHGateway(
                configuration: gatewayConfiguration,
                authority: ServerAuthority(client: server.runner)
            )
            #expect(again.hostKeyLine == gateway.hostKeyLine, "the host key persists in its file")
            let group = ServiceGroup(
                services: [gateway],
                gracefulShutdownSignals: [],
                cancellationSignals: [],
                logger: Logger(label: "test")
            )
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let knownHosts = scratch.path("known_hosts")
                try "[127.0.0.1]:\(await gateway.port()) \(gateway.hostKeyLine)\n".write(
                    toFile: knownHosts,
                    atomically: true,
                    encoding: .utf8
                )
                let result = await Result(catching: {
                    try await body(
                        Bed(
                            scratch: scratch,
                            server: server,
                            gateway: gateway,
                            runner: runner,
                            alice: alice,
                            knownHosts: knownHosts
                        )
                    )
                })
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                try result.get()
            }
        }
    }

    @Test func aFailedJobsOwnerGetsInOthersAreToldWhyAndTheVMGoesAfterTheKeepTime() async throws {
        try await withBed(failedKeepAlive: .seconds(40)) { bed in
            let scratch = bed.scratch
            let bob = try await SSHKeyPair.make("ecdsa", name: "bob", in: scratch.url.path)
            _ = try await bed.server.bob.addKey(bob.publicLine)
            let stray = try await SSHKeyPair.make("ed25519", name: "stray", in: scratch.url.path)
            let yaml = "image: debian/bookworm\ntasks:\n  - broken: |\n      echo about to fail\n      false\n"
            let job = try await bed.server.alice.submit(SubmitRequest(manifest: yaml))
            let id = try #require(try await bed.server.runner.take(wait: 10)).job.id
            async let outcome = bed.run(id, yaml, events: try await bed.events(id))

            // Connected while the job runs: the live log first, then the command once the VM is kept.
            try await bed.waitForSSH(id)
            let command = try await bed.ssh(bed.alice, [String(id), "echo in-the-vm; whoami; exit 7"])
            #expect(command.status == 7, "\(command.output)")
            #expect(command.output.contains("hck: job \(id) is running: here is its log"), "\(command.output)")
            #expect(
                command.output.contains("==> Booting") && command.output.contains("about to fail"),
                "\(command.output)"
            )
            #expect(command.output.contains("hck: SSH answered"), "the log is shown from its start: \(command.output)")
            #expect(command.output.hasSuffix("in-the-vm\nbuild\n"), "\(command.output)")
            let kept = try await bed.server.alice.keptVM(job.id)
            #expect(kept.port == (await bed.gateway.port()) && kept.reason == "the job failed")
            #expect(try await bed.server.alice.job(job.id).ssh == "ssh -t -p \(kept.port) connect@127.0.0.1 \(id)")
            let input = scratch.path("input")
            try String(repeating: "0123456789", count: 20_000).write(toFile: input, atomically: true, encoding: .utf8)
            let piped = try await bed.ssh(bed.alice, [String(id), "wc -c"], stdin: input)
            #expect(
                piped.status == 0 && piped.output.trimmingCharacters(in: .whitespacesAndNewlines) == "200000",
                "\(piped.output)"
            )
            let terminal = try await bed.ssh(
                bed.alice,
                ["-tt", "-o", "SetEnv=LC_HCK=relayed", String(id), "tty; echo LC=$LC_HCK; exit 3"]
            )
            #expect(terminal.status == 3, "\(terminal.output)")
            #expect(
                terminal.output.contains("/dev/pts/") && terminal.output.contains("LC=relayed"),
                "\(terminal.output)"
            )

            let others = try await bed.ssh(bob, [String(id), "true"])
            #expect(others.status == 1 && others.output.contains("not yours"), "\(others.output)")
            let unknown = try await bed.ssh(stray, [String(id), "true"])
            #expect(unknown.status == 1 && unknown.output.contains("not registered"), "\(unknown.output)")
            let wrong = try await bed.ssh(bed.alice, ["999", "true"])
            #expect(wrong.status == 1 && wrong.output.contains("there is no job 999"), "\(wrong.output)")
            let noJob = try await bed.ssh(bed.alice, ["uptime"])
            #expect(noJob.status == 2 && noJob.output.contains("say which job"), "\(noJob.output)")

            let ended = try await outcome
            #expect(ended.status == .failed)
            let late = try await bed.ssh(bed.alice, [String(id), "true"])
            #expect(late.status == 1 && late.output.contains("job \(id)'s VM has ended"), "\(late.output)")
            _ = try await bed.server.runner.finish(job.id, status: ended.status)
            let after = try await bed.ssh(bed.alice, [String(id), "true"])
            #expect(after.output.contains("has ended (failed): its VM is gone"), "\(after.output)")
            let log = bed.setupLog(id)
            #expect(log.contains("its owner connects with: ssh -t -p \(kept.port) connect@127.0.0.1 \(id)"))
            #expect(
                log.contains(
                    "hck: SSH session of ~alice (\(try SSHPublicKey(parsing: bed.alice.publicLine).fingerprint)) opened: `echo in-the-vm; whoami; exit 7`"
                )
            )
            #expect(log.contains("hck: SSH session of ~alice ended: exit status 7"))
            #expect(!log.contains("~bob"))
        }
    }

    @Test func aShellJobEndsWhenItsOwnersLastSessionEnds() async throws {
        try await withBed(failedKeepAlive: .seconds(600)) { bed in
            let yaml = "image: debian/bookworm\nshell: true\ntasks:\n  - hello: |\n      echo hello > ~/greeting\n"
            let job = try await bed.server.alice.submit(SubmitRequest(manifest: yaml))
            let id = try #require(try await bed.server.runner.take(wait: 10)).job.id
            async let outcome = bed.run(id, yaml, events: try await bed.events(id))
            let running = try await bed.server.alice.keptVM(job.id, wait: 60)
            #expect(running.isRunning, "while the job runs the server already knows where to connect")
            #expect(running.command(job: job.id) == "ssh -t -p \(await bed.gateway.port()) connect@127.0.0.1 \(id)")
            try await bed.waitForSSH(id)
            // `hck ssh` asks the server where to connect and runs OpenSSH's ssh with the user's own key.
            let hck = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("hck")
            #expect(FileManager.default.isExecutableFile(atPath: hck.path), "build hck first (swift build)")
            let session = try await execute([
                "env", "HCK_URL=\(bed.server.alice.baseURL.absoluteString)",
                "HCK_TOKEN=\(bed.server.alice.token ?? "")",
                hck.path, "ssh", String(id), "--identity", bed.alice.file, "--ssh-option",
                "UserKnownHostsFile=\(bed.knownHosts)",
                "--ssh-option", "StrictHostKeyChecking=yes", "--ssh-option", "BatchMode=yes", "--ssh-option",
                "IdentitiesOnly=yes",
                "--", "cat ~/greeting; exit 4",
            ])
            #expect(session.status == 4 && session.output.hasSuffix("\nhello\n"), "\(session.output)")
            let closed = ContinuousClock.now
            let ended = try await outcome
            #expect(ended.status == .success)
            #expect(ContinuousClock.now - closed < .seconds(30), "the VM goes once the last session ended")
            let domains = try await execute(["virsh", "-c", "qemu:///system", "list", "--all", "--name"])
            #expect(!domains.output.contains("hck-job-\(id)\n"))
            #expect(bed.setupLog(id).contains("until the last SSH session ends"))
            let gone = try await #require(throws: ClientError.self) { try await bed.server.alice.keptVM(job.id) }
            #expect(gone.status == 404)
        }
    }

    @Test func aClaimedVMOutlivesItsKeepTimeUntilTheJobEnds() async throws {
        try await withBed(failedKeepAlive: .seconds(15)) { bed in
            let yaml = "image: debian/bookworm\ntasks:\n  - broken: |\n      false\n"
            let job = try await bed.server.alice.submit(SubmitRequest(manifest: yaml))
            let id = try #require(try await bed.server.runner.take(wait: 10)).job.id
            let events = try await bed.events(id)
            // The test stands in for the node, which cancels a job when the server says so.
            let running = Task { try await bed.run(id, yaml, events: events) }
            _ = try await bed.server.alice.keptVM(job.id, wait: 60)
            #expect(try await bed.server.alice.claimKeptVM(job.id).claimed, "a running job's VM can be claimed early")
            try await bed.waitForSetupLog(id, "hck: the owner claimed the VM: it is kept until the job's deadline")
            try await Task.sleep(for: .seconds(25))
            let later = try await bed.ssh(bed.alice, [String(id), "echo still-here"])
            #expect(later.status == 0 && later.output == "still-here\n", "kept past its 15 s: \(later.output)")
            running.cancel()
            #expect(try await running.value.status == .failed)
            let domains = try await execute(["virsh", "-c", "qemu:///system", "list", "--all", "--name"])
            #expect(!domains.output.contains("hck-job-\(id)\n"))
            let gone = try await bed.ssh(bed.alice, [String(id), "true"])
            #expect(
                gone.output.contains("job \(id)'s VM has ended (the job was cancelled or reached its deadline)"),
                "\(gone.output)"
            )
        }
    }
}
