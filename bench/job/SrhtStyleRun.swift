import Foundation
import HckCore
import Images
import Manifest
import Runner

#if canImport(Glibc)
    import Glibc
#endif

/// The manifest run the way builds.sr.ht's worker runs a job (its images/control script and
/// worker/tasks.go), on hck's built image: QEMU started directly with the image's kernel, initrd
/// and disk (`snapshot=on`, so nothing is written to it) and SSH forwarded to a free loopback port;
/// `ssh … echo hello world` once a second until the guest answers; then one `ssh -t -t` process per
/// step; one `scp` for the artifacts; QEMU killed.
///
/// The steps are a faithful approximation of the worker's, not its exact commands: the packages
/// are installed with the image's own install command (`apt-get update` and `apt-get install`, as
/// one step), and each task runs inline as `bash -c '<~/.buildenv as hck renders it> set -xe
/// <the task's script>'` rather than from an uploaded script file, so the environment (GREETING,
/// the NUMBERS array) is set as the manifest says.
struct SrhtStyleRun {
    /// What one run measured.
    struct Figures {
        /// From QEMU's start to its exit after the kill.
        var total: Duration
        /// From QEMU's start to the first `echo hello world` the guest answered.
        var ready: Duration
        /// Each step after that (packages, the tasks, the copy), in order.
        var steps: [(name: String, time: Duration)]
    }

    /// How long the guest may take to answer SSH: generous, since a busy 2-core host slows an
    /// emulated boot many times and a run that gives up measures nothing.
    static let readyDeadline: Duration = .seconds(900)

    /// The built image the manifest names.
    let image: BuiltImage
    /// examples/hello.yml, parsed.
    let manifest: Manifest
    /// QEMU's `-accel`: `tcg`, or `kvm` with HCK_BENCH_KVM=1.
    let accelerator: String

    /// Runs the job once.
    /// - Parameter folder: where the key, the log (`srht-style.log`: QEMU's and every step's output),
    ///   the console and the artifacts go.
    /// - Returns: the times.
    /// - Throws: ``JobBenchError``: `setup` when the key cannot be made, `formFailed` when QEMU,
    ///   SSH, a step or the copy fails (QEMU is then killed).
    func run(in folder: URL) async throws -> Figures {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("srht-style.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let key = folder.appendingPathComponent("id_ed25519")
        let console = folder.appendingPathComponent("console.log")
        let keygen = try await ChildProcess.output(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "ed25519", "-N", "", "-f", key.path]
        )
        guard keygen.status == 0 else { throw JobBenchError(.setup, "ssh-keygen failed: \(keygen.text)") }
        // hck's own kernel command line for the key: the image's boot arguments + " hck.key=<base64>".
        let kernelCommandLine = VMSpec(
            jobID: "srht-style",
            image: image,
            authorizedKey: try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8),
            consoleLog: console
        ).kernelCommandLine
        let socket = try LoopbackSocket.bind()
        let port = socket.port
        socket.close()
        let guest = GuestSSH(key: key, port: port, user: image.metadata.user)
        let steps = try commands()

        let started = ContinuousClock.now
        let qemu = try await SpawnedProcess.start(
            "/usr/bin/qemu-system-x86_64",
            qemuArguments(port: port, kernelCommandLine: kernelCommandLine, console: console),
            output: output,
            error: output
        )
        do {
            let ready = try await waitForSSH(guest, qemu: qemu, since: started, output: output, log: log)
            var times: [(name: String, time: Duration)] = []
            for (name, command) in steps {
                output.write(Data("== step \(name)\n".utf8))
                let stepStarted = ContinuousClock.now
                let status = try await ChildProcess.run(
                    "/usr/bin/ssh",
                    guest.ssh([command], terminal: true),
                    output: output
                )
                guard status == 0 else {
                    throw JobBenchError.formFailed(
                        .srhtStyle,
                        "step \(name) (`ssh -t -t …`)",
                        status: status,
                        log: log
                    )
                }
                times.append((name, ContinuousClock.now - stepStarted))
            }
            if !manifest.artifacts.isEmpty {
                output.write(Data("== copy \(manifest.artifacts.joined(separator: " "))\n".utf8))
                let copyStarted = ContinuousClock.now
                let status = try await ChildProcess.run(
                    "/usr/bin/scp",
                    guest.scp(manifest.artifacts, into: folder),
                    output: output
                )
                guard status == 0 else {
                    throw JobBenchError.formFailed(
                        .srhtStyle,
                        "the artifacts' copy (`scp …`)",
                        status: status,
                        log: log
                    )
                }
                times.append(("copy", ContinuousClock.now - copyStarted))
            }
            qemu.signal(SIGTERM)
            _ = await qemu.exitStatus()
            return Figures(total: ContinuousClock.now - started, ready: ready, steps: times)
        } catch {
            qemu.signal(SIGKILL)
            _ = await qemu.exitStatus()
            throw error
        }
    }

    /// Tries `ssh … echo hello world` once a second (the worker's loop) until the guest answers.
    /// - Returns: the time from QEMU's start to the answer.
    /// - Throws: ``JobBenchError`` (`formFailed`) when QEMU exits first or the deadline passes.
    private func waitForSSH(
        _ guest: GuestSSH,
        qemu: SpawnedProcess,
        since started: ContinuousClock.Instant,
        output: FileHandle,
        log: URL
    ) async throws -> Duration {
        var tries = 0
        while true {
            let reply = try await ChildProcess.output(
                "/usr/bin/ssh",
                guest.ssh(["echo", "hello world"], terminal: false)
            )
            tries += 1
            if reply.status == 0, reply.text.trimmingCharacters(in: .whitespacesAndNewlines) == "hello world" {
                return ContinuousClock.now - started
            }
            if let status = qemu.exitCode {
                throw JobBenchError.formFailed(.srhtStyle, "QEMU, before SSH answered,", status: status, log: log)
            }
            if ContinuousClock.now - started > Self.readyDeadline {
                output.write(Data("== the last `ssh … echo hello world` said:\n\(reply.text)\n".utf8))
                throw JobBenchError.formFailed(
                    .srhtStyle,
                    "SSH (no `echo hello world` answered in \(Self.readyDeadline), \(tries) tries; the console is "
                        + "console.log beside the log; the last try)",
                    status: reply.status,
                    log: log
                )
            }
            try await Task.sleep(for: .seconds(1))
        }
    }
}
