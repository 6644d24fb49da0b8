import API
import Foundation
import Manifest
import Testing

/// Users' SSH keys (parsed and fingerprinted as OpenSSH does), and what the runner's gateway asks the
/// server: who may enter a job's kept VM, where it is, whether it is claimed.
@Suite struct SSHKeysTests {
    /// A fresh key pair made by OpenSSH's own `ssh-keygen`: the public line and `ssh-keygen -l`'s fingerprint.
    static func keygen(_ type: String, in dir: TemporaryDirectory, name: String) async throws -> (line: String, fingerprint: String) {
        let file = dir.path(name)
        let made = try await ChildProcess.run(["ssh-keygen", "-q", "-t", type, "-N", "", "-C", "\(name)@test", "-f", file])
        #expect(made.status == 0, "\(made.output)")
        let listed = try await ChildProcess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub"])
        let fingerprint = try #require(listed.output.split(separator: " ").dropFirst().first)
        return (try String(contentsOfFile: file + ".pub", encoding: .utf8), String(fingerprint))
    }

    @Test func keysParseAndFingerprintAsOpenSSHDoesAndBadOnesSayWhy() async throws {
        let dir = try TemporaryDirectory()
        for type in ["ed25519", "ecdsa"] {
            let made = try await Self.keygen(type, in: dir, name: "k-\(type)")
            let key = try SSHPublicKey(parsing: made.line)
            #expect(key.fingerprint == made.fingerprint)
            #expect(key.comment == "k-\(type)@test")
        }
        let rsa = try await Self.keygen("rsa", in: dir, name: "k-rsa")
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(parsing: rsa.line) }
        let privateText = try String(contentsOfFile: dir.path("k-ed25519"), encoding: .utf8)
        let privateError = try #require(throws: SSHKeyError.self) { try SSHPublicKey(parsing: privateText) }
        #expect("\(privateError)".contains("private key"))
        let damaged = try #require(throws: SSHKeyError.self) { try SSHPublicKey(parsing: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== x") }
        #expect("\(damaged)".contains("damaged"))
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(parsing: "ssh-ed25519") }
    }

    @Test func usersManageTheirKeysAndTheServerDecidesWhoEntersAJob() async throws {
        let dir = try TemporaryDirectory()
        let aliceKey = try await Self.keygen("ed25519", in: dir, name: "alice")
        let bobKey = try await Self.keygen("ecdsa", in: dir, name: "bob")
        let strayKey = try await Self.keygen("ed25519", in: dir, name: "stray")
        try await TestServer.with(directory: dir) { server in
            let added = try await server.alice.addKey(aliceKey.line)
            #expect(added.fingerprint == aliceKey.fingerprint)
            _ = try await server.bob.addKey(bobKey.line)
            #expect(try await server.alice.keys().map(\.fingerprint) == [aliceKey.fingerprint])
            let again = try await #require(throws: ClientError.self) { try await server.bob.addKey(aliceKey.line) }
            #expect(again.status == 409)
            let rsa = try await Self.keygen("rsa", in: dir, name: "rsa")
            let refused = try await #require(throws: ClientError.self) { try await server.alice.addKey(rsa.line) }
            #expect(refused.status == 400 && refused.message.contains("ssh-rsa"))
            let notBobs = try await #require(throws: ClientError.self) { try await server.bob.removeKey(added.id) }
            #expect(notBobs.status == 404)

            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            let queued = try await server.runner.access(job.id, key: aliceKey.line)
            #expect(!queued.allowed && queued.reason?.contains("not on this runner") == true)
            _ = try #require(try await server.runner.take(wait: 10))
            #expect(try await server.runner.access(job.id, key: aliceKey.line) == AccessDecision(allowed: true, user: "alice"))
            let bob = try await server.runner.access(job.id, key: bobKey.line)
            #expect(!bob.allowed && bob.reason?.contains("not yours") == true)
            let stray = try await server.runner.access(job.id, key: strayKey.line)
            #expect(!stray.allowed && stray.reason?.contains("not registered") == true)
            let missing = try await server.runner.access(job.id + 1000, key: aliceKey.line)
            #expect(missing.reason == "there is no job \(job.id + 1000)")

            let early = try await #require(throws: ClientError.self) { try await server.alice.keptVM(job.id) }
            #expect(early.status == 404 && early.message.contains("not kept"))
            async let waited = server.alice.keptVM(job.id, wait: 10)
            let kept = KeptVM(host: "127.0.0.1", port: 2222, until: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 600).rounded()), reason: "the job failed")
            try await server.runner.reportKeptVM(job.id, kept)
            #expect(try await waited == kept)
            #expect(try await server.alice.job(job.id).ssh == "ssh -t -p 2222 connect@127.0.0.1 \(job.id)")
            #expect(try await server.bob.job(job.id).ssh == kept.command(job: job.id))
            async let claim = server.runner.waitForClaim(job.id, wait: 10)
            #expect(try await server.alice.claimKeptVM(job.id).claimed)
            #expect(try await claim)
            #expect(try await server.runner.access(job.id, key: aliceKey.line).claimed)

            _ = try await server.runner.finish(job.id, status: .failed)
            let ended = try await server.runner.access(job.id, key: aliceKey.line)
            #expect(ended.reason == "job \(job.id) has ended (failed): its VM is gone")
            #expect(try await server.alice.job(job.id).ssh == nil)
            try await server.alice.removeKey(added.id)
            #expect(try await server.alice.keys().isEmpty)
        }
    }
}
