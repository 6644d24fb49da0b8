import Foundation
import HckCore
import Images
import Runner

/// The keep-alive hook of the benchmark's job: while the job keeps its VM, runs the task's
/// command once through plain `ssh` (output thrown away) and times it.
actor PlainSSHStream: KeepAliveHook {
    let command: String
    let work: URL
    private(set) var time: Duration?
    private(set) var failure: String?

    init(command: String, work: URL) {
        self.command = command
        self.work = work
    }

    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        let (key, knownHosts) = try access.writeSSHFiles(in: work)
        print("running the command through plain ssh")
        let discard = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        defer { try? discard.close() }
        let started = ContinuousClock.now
        let status = try await ChildProcess.run(
            "/usr/bin/ssh",
            access.sshOptions(key: key, knownHosts: knownHosts) + ["\(access.user)@127.0.0.1", command],
            output: discard
        )
        if status == 0 { time = ContinuousClock.now - started } else { failure = "ssh exited \(status)" }
    }
}
