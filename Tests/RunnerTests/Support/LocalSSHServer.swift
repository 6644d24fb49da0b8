import Foundation
import HckCore
import Images
import NIOSSH
import Runner

/// A real OpenSSH sshd on 127.0.0.1, started for one test with its own config, host key and
/// authorized key (the job key), and stopped by `stop()`. With `forcedCommand`, the key may only
/// run that command (a VM test's guest logs in with it, through 10.0.2.2).
final class LocalSSHServer: Sendable {
    let directory: URL
    let port: Int
    let hostKey: NIOSSHPublicKey
    let user: String

    static func start(authorizing key: JobKey, forcedCommand: String? = nil) async throws -> LocalSSHServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hck-sshd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKeyPath = directory.appendingPathComponent("host_ed25519").path
        try await runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKeyPath])
        let hostKeyLine = try String(contentsOfFile: hostKeyPath + ".pub", encoding: .utf8)
        let authorized = directory.appendingPathComponent("authorized_keys")
        let restriction = forcedCommand.map { "restrict,command=\"\($0)\" " } ?? ""
        try (restriction + key.authorizedKeyLine() + "\n").write(to: authorized, atomically: true, encoding: .utf8)
        let port = Int.random(in: 40000..<60000)
        let config = """
            ListenAddress 127.0.0.1:\(port)
            HostKey \(hostKeyPath)
            AuthorizedKeysFile \(authorized.path)
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            StrictModes no
            UsePAM no
            PidFile \(directory.path)/sshd.pid
            MaxSessions 100
            """
        let configPath = directory.appendingPathComponent("sshd_config")
        try config.write(to: configPath, atomically: true, encoding: .utf8)
        // sshd daemonises (closing every descriptor) and writes its pid file: Foundation's
        // Process only notices a child's exit once no process holds the descriptors it gave it.
        try await runTool("/usr/sbin/sshd", ["-f", configPath.path])
        let server = LocalSSHServer(
            directory: directory,
            port: port,
            hostKey: try NIOSSHPublicKey(openSSHPublicKey: hostKeyLine.trimmingCharacters(in: .whitespacesAndNewlines))
        )
        // Up to a minute: a loaded machine once needed more than the 5 s this waited, and the test
        // then met a refused connection instead of the server.
        for _ in 0..<600 where !server.isListening() {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard server.isListening() else {
            server.stop()
            throw ToolFailure(description: "sshd did not listen on 127.0.0.1:\(port) within 60 s")
        }
        return server
    }

    private init(directory: URL, port: Int, hostKey: NIOSSHPublicKey) {
        self.directory = directory
        self.port = port
        self.hostKey = hostKey
        self.user = "root"
    }

    private func isListening() -> Bool {
        let listening = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        return listening.contains(String(format: ":%04X 00000000:0000 0A", port))
    }

    func stop() {
        let pidFile = directory.appendingPathComponent("sshd.pid").path
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
        }
        stopProcesses(mentioning: directory.path)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs a tool to completion with ``ChildProcess/output(_:_:)`` (standard output and error
/// together) and fails when it exits non-zero.
@discardableResult
func runTool(_ path: String, _ arguments: [String]) async throws -> String {
    let (status, text) = try await ChildProcess.output(path, arguments)
    guard status == 0 else {
        throw ToolFailure(description: "\(path) \(arguments.joined(separator: " ")) exited \(status): \(text)")
    }
    return text
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}
