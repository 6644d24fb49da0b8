import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import Runner

/// The keep-alive hook of the benchmark's job: while the job keeps its VM, carries the task's
/// command's output through plain `ssh` and through the runner's path one stage at a time, each
/// stage adding one piece to the one before (see ``Stage``).
actor StageRuns: KeepAliveHook {
    /// One way of carrying the output from the guest.
    enum Stage: String, CaseIterable, Sendable {
        /// OpenSSH's `ssh`, with the cipher it chooses (chacha20-poly1305 here), output thrown away.
        case plainSSH = "plain ssh"
        /// OpenSSH's `ssh` with swift-nio-ssh's own first choice, AES-256-GCM (hck's before it preferred AES-128).
        case plainSSHAES256 = "plain ssh, aes256-gcm"
        /// OpenSSH's `ssh` with the cipher hck's SSH asks for: AES-128-GCM.
        case plainSSHAES128 = "plain ssh, aes128-gcm"
        /// OpenSSH's `ssh -t -t`, as builds.sr.ht runs each task: the output crosses the guest's
        /// terminal (whose line discipline hands sshd at most 4 KiB a read) before the channel.
        case plainSSHTerminal = "plain ssh -t -t (builds.sr.ht's way)"
        /// OpenSSH's `ssh` without a terminal, the command on the task's terminal (``TaskTerminal``,
        /// script(1) in the guest): `isatty` holds, and sshd reads script's pipe in large pieces.
        case plainSSHScript = "plain ssh, the command on script(1)'s terminal"
        /// The command in its own session channel on the job's connection, output counted and dropped.
        case channel = "SSH channel only"
        /// The command on the task's terminal (``TaskTerminal``) in its own session channel.
        case channelTerminal = "SSH channel, the command on the task's terminal"
        /// The same (on the task's terminal) with a marker line after it, every read going through a ``TaskEndScanner``.
        case scanner = "+ TaskEndScanner"
        /// The same with the task's bytes written to a log file (``JobLogFiles``).
        case logFile = "+ log file"
        /// The same with the job's secrets masked before the log file (``MaskedJobEvents``), as a
        /// runner does for a job that received secrets: a real Ed25519 key and a file secret.
        case masked = "+ secret masking"
    }

    /// How long a stage took and what it cost the runner.
    struct Figures: Sendable {
        var stage: Stage
        var bytes: Int
        var time: Duration
        /// CPU seconds this process (and, for plain ssh, its child) spent meanwhile.
        var cpu: Double
        var load: String
    }

    let command: String
    let work: URL
    /// The stages run, in ``Stage``'s order.
    let stages: [Stage]
    /// The secrets the masking stage masks.
    let secrets: [JobSecret]
    private(set) var figures: [Figures] = []
    private(set) var failure: String?

    init(command: String, work: URL, secrets: [JobSecret], stages: [Stage] = Stage.allCases) {
        self.command = command
        self.stages = stages
        self.work = work
        self.secrets = secrets
    }

    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        do {
            for stage in stages {
                print("stage \(stage.rawValue)")
                figures.append(try await run(stage, on: access))
            }
        } catch {
            failure = "\(error)"
        }
    }

    private func run(_ stage: Stage, on access: GuestAccess) async throws -> Figures {
        let cpuBefore = Self.cpuSeconds()
        let started = ContinuousClock.now
        var bytes = 0
        switch stage {
        case .plainSSH, .plainSSHAES256, .plainSSHAES128, .plainSSHTerminal, .plainSSHScript:
            let (key, knownHosts) = try access.writeSSHFiles(in: work)
            let discard = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
            defer { try? discard.close() }
            let cipher =
                switch stage {
                case .plainSSHAES256: ["-c", "aes256-gcm@openssh.com"]
                case .plainSSHAES128: ["-c", "aes128-gcm@openssh.com"]
                case .plainSSHTerminal: ["-t", "-t"]
                default: [String]()
                }
            let remote =
                stage == .plainSSHScript
                ? Self.onTerminal(command) : command
            let status = try await ChildProcess.run(
                "/usr/bin/ssh",
                access.sshOptions(key: key, knownHosts: knownHosts) + cipher + ["\(access.user)@127.0.0.1", remote],
                output: discard
            )
            guard status == 0 else { throw StageFailure("\(stage.rawValue): ssh exited \(status)") }
            bytes = -1
        case .channel:
            let exit = try await access.connection.run(command) { piece in
                if case .stdout(let chunk) = piece { bytes += chunk.readableBytes }
            }
            guard exit.succeeded else { throw StageFailure("\(stage.rawValue): \(exit)") }
        case .channelTerminal:
            let exit = try await access.connection.run(Self.onTerminal(command)) { piece in
                if case .stdout(let chunk) = piece { bytes += chunk.readableBytes }
            }
            guard exit.succeeded else { throw StageFailure("\(stage.rawValue): \(exit)") }
        case .scanner, .logFile, .masked:
            let marker = TaskShell.newMarker()
            let files = stage == .scanner ? nil : try JobLogFiles(directory: work.appendingPathComponent("stage-logs"))
            let logs: (any JobEvents)? = files.map { files in
                stage == .masked ? MaskedJobEvents(secrets: secrets, sink: files) as any JobEvents : files
            }
            var scanner = TaskEndScanner(marker: marker)
            var end: TaskEndScanner.End?
            let marked = Self.onTerminal("\(command); printf '%s %d\\n' \(marker) $?")
            let exit = try await access.connection.run(marked) { piece in
                guard case .stdout(let chunk) = piece else { return }
                for part in scanner.scan(chunk) {
                    switch part {
                    case .output(let printed):
                        bytes += printed.readableBytes
                        await logs?.taskLog("big", printed)
                    case .ended(let how): end = how
                    case .after: break
                    }
                }
            }
            await logs?.taskStatusChanged("big", to: .success)
            await files?.close()
            guard exit.succeeded, end == .exited(0) else {
                throw StageFailure("\(stage.rawValue): \(exit), end line \(end.map { "\($0)" } ?? "missing")")
            }
        }
        return Figures(
            stage: stage,
            bytes: bytes,
            time: .now - started,
            cpu: Self.cpuSeconds() - cpuBefore,
            load: Self.loadAverage()
        )
    }

    /// `command` on a terminal as the task shell runs a task (``TaskTerminal``).
    static func onTerminal(_ command: String) -> String {
        TaskTerminal.run(command)
    }

    /// User and system CPU seconds of this process and its waited-for children.
    static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF, RUSAGE_CHILDREN] {
            var usage = rusage()
            getrusage(__rusage_who_t(who.rawValue), &usage)
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            total += Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    /// The 1-minute load average, from /proc/loadavg.
    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return String(text.split(separator: " ").first ?? "?")
    }
}

/// A stage that did not carry the output as it should.
struct StageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
