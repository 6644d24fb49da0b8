import Foundation
import HckCore
import Images
import NIOCore
import NIOSSH
import Runner
import Testing

/// The SSH layer against a real OpenSSH sshd on 127.0.0.1.
@Suite(.serialized) struct GuestConnectionTests {
    private func withServer(_ body: (LocalSSHServer, JobKey) async throws -> Void) async throws {
        let key = JobKey()
        let server = try await LocalSSHServer.start(authorizing: key)
        defer { server.stop() }
        try await body(server, key)
    }

    private func connect(_ server: LocalSSHServer, _ key: JobKey) async throws -> GuestConnection {
        try await GuestConnection.connect(port: server.port, user: server.user, key: key, hostKey: server.hostKey)
    }

    @Test func runsCommandsOnOneConnectionWithOutputAndExitStatus() async throws {
        try await withServer { server, key in
            let connection = try await connect(server, key)
            var stdout = ""
            var stderr = ""
            let exit = try await connection.run("echo out; echo err >&2; exit 3") { piece in
                switch piece {
                case .stdout(let bytes): stdout += String(buffer: bytes)
                case .stderr(let bytes): stderr += String(buffer: bytes)
                case .exit: break
                }
            }
            #expect(exit == .status(3))
            #expect(stdout == "out\n")
            #expect(stderr == "err\n")
            for _ in 0..<20 {
                #expect(try await connection.run("true") == .status(0))
            }
            #expect(try await connection.run("kill -TERM $$") == .signal("TERM"))
            await connection.close()
        }
    }

    @Test func feedsStandardInputAndStreamsLargeOutput() async throws {
        try await withServer { server, key in
            let connection = try await connect(server, key)
            let file = server.directory.appendingPathComponent("copied").path
            var input = ByteBuffer()
            for index in 0..<(1 << 18) { input.writeInteger(UInt32(index)) }
            #expect(try await connection.run("cat > '\(file)'", stdin: input) == .status(0))
            let written = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(written == Data(input.readableBytesView))

            var received = 0
            let exit = try await connection.run("head -c 100000000 /dev/zero") { piece in
                if case .stdout(let bytes) = piece { received += bytes.readableBytes }
            }
            #expect(exit == .status(0))
            #expect(received == 100_000_000)
            await connection.close()
        }
    }

    @Test func refusesAnotherHostKeyAndAnotherUserKey() async throws {
        try await withServer { server, key in
            let otherHost = JobKey().sshPrivateKey.publicKey
            let mismatch = await #expect(throws: GuestSSHError.self) {
                try await GuestConnection.connect(port: server.port, user: server.user, key: key, hostKey: otherHost)
            }
            #expect(mismatch?.code == .hostKeyMismatch)
            let refused = await #expect(throws: GuestSSHError.self) {
                try await GuestConnection.connect(
                    port: server.port,
                    user: server.user,
                    key: JobKey(),
                    hostKey: server.hostKey
                )
            }
            #expect(refused?.code == .authenticationFailed)
        }
    }

    @Test func cancellingARunningCommandClosesTheConnectionPromptly() async throws {
        try await withServer { server, key in
            let connection = try await connect(server, key)
            let started = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    _ = try? await connection.run("sleep 30")
                }
                try? await Task.sleep(for: .milliseconds(300))
                group.cancelAll()
            }
            // Well before the command's 30 s, with room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(20))
            await #expect(throws: (any Error).self) { try await connection.run("true") }
        }
    }

    @Test func privateKeyFileWorksWithOpenSSH() async throws {
        try await withServer { server, key in
            let keyFile = server.directory.appendingPathComponent("id_job").path
            try key.openSSHPrivateKeyFile().write(toFile: keyFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
            let output = try await runTool(
                "/usr/bin/ssh",
                [
                    "-i", keyFile, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-p", String(server.port),
                    "root@127.0.0.1",
                    "echo", "in",
                ]
            )
            #expect(output == "in\n")
        }
    }
}

/// The ciphers the runner offers its guests.
@Suite struct GuestCipherTests {
    /// AES-128-GCM first (the guest's emulated CPU encrypts every byte of the logs), and nothing
    /// of swift-nio-ssh's own left out.
    @Test func offersAES128GCMFirstAndEveryBundledCipher() {
        let offered = GuestConnection.ciphers.map { $0.cipherName }
        #expect(offered.first == "aes128-gcm@openssh.com")
        #expect(Set(offered) == Set(Constants.bundledTransportProtectionSchemes.map { $0.cipherName }))
        #expect(offered.count == Constants.bundledTransportProtectionSchemes.count)
    }
}
