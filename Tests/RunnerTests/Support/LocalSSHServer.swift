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
        // sshd binds after it daemonises, so a port taken meanwhile only shows as no pid file and no
        // listener: then another port. A free port from the kernel, not a random one, so that two
        // tests' servers (or a client's ephemeral port) do not meet on one port.
        for _ in 0..<3 {
            let socket = try LoopbackSocket.bind()
            socket.close()
            let server = LocalSSHServer(
                directory: directory,
                port: socket.port,
                hostKey: try NIOSSHPublicKey(
                    openSSHPublicKey: hostKeyLine.trimmingCharacters(in: .whitespacesAndNewlines)
                )
            )
            let config = """
                ListenAddress 127.0.0.1:\(server.port)
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
            // Up to 20 s: a loaded machine once needed more than the 5 s this waited.
            for _ in 0..<200 where !server.isUp() {
                try await Task.sleep(for: .milliseconds(100))
            }
            if server.isUp() { return server }
            server.kill()
        }
        try? FileManager.default.removeItem(at: directory)
        throw ToolFailure(description: "sshd did not listen on 127.0.0.1 in three tries of 20 s")
    }

    private init(directory: URL, port: Int, hostKey: NIOSSHPublicKey) {
        self.directory = directory
        self.port = port
        self.hostKey = hostKey
        self.user = "root"
    }

    /// Whether this server's sshd runs (its pid file, written once it listens) and the port listens.
    private func isUp() -> Bool {
        let pidFile = directory.appendingPathComponent("sshd.pid").path
        let listening = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        return FileManager.default.fileExists(atPath: pidFile)
            && listening.contains(String(format: ":%04X 00000000:0000 0A", port))
    }

    /// Stops this server's sshd, keeping its folder.
    private func kill() {
        let pidFile = directory.appendingPathComponent("sshd.pid").path
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            Glibc.kill(pid, SIGTERM)
        }
        stopProcesses(mentioning: directory.path)
        try? FileManager.default.removeItem(atPath: pidFile)
    }

    func stop() {
        kill()
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
