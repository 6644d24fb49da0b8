import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Users' SSH keys (parsed and fingerprinted as OpenSSH does), and what the runner's gateway asks the
/// server: who may enter a job's kept VM, where it is, whether it is claimed.
@Suite struct SSHKeysTests {
    @Test func keysParseAndFingerprintAsOpenSSHDoesAndBadOnesSayWhy() async throws {
        let dir = try TemporaryDirectory()
        for type in ["ed25519", "ecdsa"] {
            let made = try await SSHKeyPair.make(type, name: "k-\(type)", in: dir.url.path)
            let key = try SSHPublicKey(parsing: made.publicLine)
            #expect(key.fingerprint == made.fingerprint)
            #expect(key.comment == "k-\(type)@test")
        }
        let rsa = try await SSHKeyPair.make("rsa", name: "k-rsa", in: dir.url.path)
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(parsing: rsa.publicLine) }
        let privateText = try String(contentsOfFile: dir.path("k-ed25519"), encoding: .utf8)
        let privateError = try #require(throws: SSHKeyError.self) { try SSHPublicKey(parsing: privateText) }
        #expect("\(privateError)".contains("private key"))
        let damaged = try #require(throws: SSHKeyError.self) {
            try SSHPublicKey(parsing: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== x")
        }
        #expect("\(damaged)".contains("damaged"))
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(parsing: "ssh-ed25519") }
    }

    @Test func usersManageTheirKeysAndTheServerDecidesWhoEntersAJob() async throws {
        let dir = try TemporaryDirectory()
        let aliceKey = try await SSHKeyPair.make("ed25519", name: "alice", in: dir.url.path)
        let bobKey = try await SSHKeyPair.make("ecdsa", name: "bob", in: dir.url.path)
        let strayKey = try await SSHKeyPair.make("ed25519", name: "stray", in: dir.url.path)
        try await TestServer.inRouter(directory: dir) { server in
            let added = try await server.alice.addKey(aliceKey.publicLine)
            #expect(added.fingerprint == aliceKey.fingerprint)
            _ = try await server.bob.addKey(bobKey.publicLine)
            #expect(try await server.alice.keys().map(\.fingerprint) == [aliceKey.fingerprint])
            let again = try await #require(throws: ClientError.self) {
                try await server.bob.addKey(aliceKey.publicLine)
            }
            #expect(again.status == 409)
            let rsa = try await SSHKeyPair.make("rsa", name: "rsa", in: dir.url.path)
            let refused = try await #require(throws: ClientError.self) { try await server.alice.addKey(rsa.publicLine) }
            #expect(refused.status == 400 && refused.message.contains("ssh-rsa"))
            let notBobs = try await #require(throws: ClientError.self) { try await server.bob.removeKey(added.id) }
            #expect(notBobs.status == 404)

            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            let queued = try await server.runner.access(job.id, key: aliceKey.publicLine)
            #expect(!queued.allowed && queued.reason?.contains("not on this runner") == true)
            _ = try #require(try await server.runner.take(wait: 10))
            #expect(
                try await server.runner.access(job.id, key: aliceKey.publicLine)
                    == AccessDecision(allowed: true, user: "alice")
            )
            let bob = try await server.runner.access(job.id, key: bobKey.publicLine)
            #expect(!bob.allowed && bob.reason?.contains("not yours") == true)
            let stray = try await server.runner.access(job.id, key: strayKey.publicLine)
            #expect(!stray.allowed && stray.reason?.contains("not registered") == true)
            let missing = try await server.runner.access(job.id + 1000, key: aliceKey.publicLine)
            #expect(missing.reason == "there is no job \(job.id + 1000)")

            let early = try await #require(throws: ClientError.self) { try await server.alice.keptVM(job.id) }
            #expect(early.status == 404 && early.message.contains("not kept"))
            async let waited = server.alice.keptVM(job.id, wait: 10)
            let kept = KeptVM(
                host: "127.0.0.1",
                port: 2222,
                until: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 600).rounded()),
                reason: "the job failed"
            )
            try await server.runner.reportKeptVM(job.id, kept)
            #expect(try await waited == kept)
            #expect(try await server.alice.job(job.id).ssh == "ssh -t -p 2222 connect@127.0.0.1 \(job.id)")
            #expect(try await server.bob.job(job.id).ssh == kept.command(job: job.id))
            async let claim = server.runner.waitForClaim(job.id, wait: 10)
            #expect(try await server.alice.claimKeptVM(job.id).claimed)
            #expect(try await claim)
            #expect(try await server.runner.access(job.id, key: aliceKey.publicLine).claimed)

            // The job ends while its VM is kept: failed at once, and still reachable (claimed: until
            // its deadline), its runner still recording SSH sessions in its log.
            _ = try await server.runner.finish(job.id, status: .failed)
            let failed = try await server.alice.job(job.id)
            #expect(failed.status == .failed && failed.ssh == kept.command(job: job.id))
            #expect(try await server.runner.access(job.id, key: aliceKey.publicLine).allowed)
            #expect(try await server.alice.keptVM(job.id).claimed)
            let logged = try await server.runner.appendLog(job.id, task: nil, Data("hck: SSH session\n".utf8))
            #expect(logged > 0, "a kept VM's runner still adds to the setup log")

            // The VM goes: nothing reaches it, and the log is closed to the runner.
            try await server.runner.reportKeptVM(job.id, nil)
            let ended = try await server.runner.access(job.id, key: aliceKey.publicLine)
            #expect(ended.reason == "job \(job.id) has ended (failed): its VM is gone")
            #expect(try await server.alice.job(job.id).ssh == nil)
            let late = try await #require(throws: ClientError.self) {
                try await server.runner.appendLog(job.id, task: nil, Data("late\n".utf8))
            }
            #expect(late.status == 410)

            // A kept record outlives its runner no longer than its keep: past `until`, nothing shows.
            let second = try await server.alice.submit(.hello())
            _ = try #require(try await server.runner.take(wait: 10))
            var expired = kept
            expired.until = Date().addingTimeInterval(-1)
            try await server.runner.reportKeptVM(second.id, expired)
            _ = try await server.runner.finish(second.id, status: .failed)
            #expect(try await server.alice.job(second.id).ssh == nil)
            let over = try await server.runner.access(second.id, key: aliceKey.publicLine)
            #expect(over.reason == "job \(second.id) has ended (failed): its VM is gone")
            try await server.alice.removeKey(added.id)
            #expect(try await server.alice.keys().isEmpty)
        }
    }
}
