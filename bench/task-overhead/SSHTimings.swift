import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import Runner

/// The keep-alive hook of the benchmark's job: while the job keeps its VM, times N bare
/// `true` commands on the job's own connection (what a channel per task costs), N plain `ssh … true`
/// runs (a new connection each), then N through an OpenSSH ControlMaster.
actor SSHTimings: KeepAliveHook {
    let count: Int
    let work: URL
    private(set) var bare: [Duration] = []
    private(set) var plain: [Duration] = []
    private(set) var multiplexed: [Duration] = []
    private(set) var failure: String?

    init(count: Int, work: URL) {
        self.count = count
        self.work = work
    }

    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        let (key, knownHosts) = try access.writeSSHFiles(in: work)
        let control = work.appendingPathComponent("control").path
        let options = access.sshOptions(key: key, knownHosts: knownHosts) + ["-o", "ControlPath=\(control)"]
        let target = "\(access.user)@127.0.0.1"
        print("timing \(count) bare `true` commands on the job's connection")
        bare = try await time {
            let exit = try await access.connection.run("true")
            guard exit.succeeded else { throw CancellationError() }
        }
        print("timing \(count) plain ssh runs")
        plain = try await time { try await ssh(options + ["-o", "ControlMaster=no", "-S", "none", target, "true"]) }
        print("timing \(count) ssh runs through a ControlMaster")
        try await ssh(options + ["-o", "ControlMaster=yes", "-o", "ControlPersist=300", "-f", "-N", target])
        do {
            multiplexed = try await time { try await ssh(options + ["-o", "ControlMaster=no", target, "true"]) }
        } catch {
            try? await ssh(options + ["-O", "exit", target])
            throw error
        }
        try await ssh(options + ["-O", "exit", target])
    }

    private func time(_ run: () async throws -> Void) async throws -> [Duration] {
        var times: [Duration] = []
        for _ in 0..<count {
            let started = ContinuousClock.now
            try await run()
            times.append(ContinuousClock.now - started)
        }
        return times
    }

    private func ssh(_ arguments: [String]) async throws {
        let status = try await ChildProcess.run("/usr/bin/ssh", arguments)
        guard status == 0 else {
            failure = "ssh \(arguments.joined(separator: " ")) exited \(status)"
            throw CancellationError()
        }
    }
}

/// Prints a line when a task ends, so a long run shows it is moving.
struct BenchProgress: JobEvents {
    func setupLog(_ bytes: ByteBuffer) async {}
    func taskLog(_ task: String, _ bytes: ByteBuffer) async {}
    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        if status != .pending && status != .running { print("task \(task): \(status.rawValue)") }
    }
    func jobStatusChanged(to status: JobStatus) async {}
}
