import Client
import Crypto
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Webhook triggers reach a real HTTP listener on loopback, signed as builds.sr.ht signs (Ed25519
/// over the body and the nonce) with the server's key, which the receiver fetches from the server
/// and checks with OpenSSL as well as with swift-crypto.
@Suite struct WebhookTests {
    @Test func aWebhookIsPostedSignedAndRecordedOnTheJob() async throws {
        let dir = try TemporaryDirectory()
        try await WebhookListener.with { listener in
            try await TestServer.with(directory: dir) { server in
                try await server.runner.register(TestServer.capacity)
                let triggers = """
                    triggers:
                      - action: webhook
                        condition: always
                        url: http://127.0.0.1:\(listener.port)/hook
                      - action: webhook
                        condition: success
                        url: http://127.0.0.1:\(listener.port)/never
                    """
                let job = try await server.alice.submit(.hello(triggers: triggers))
                _ = try await server.runner.take(wait: 5)
                _ = try await server.runner.finish(job.id, status: .failed, reason: "task build failed")
                var iterator = listener.received.makeAsyncIterator()
                let delivery = try #require(await iterator.next())
                let posted = try JSONDecoder.api.decode(JobView.self, from: delivery.body)
                #expect(posted.id == job.id)
                #expect(posted.status == .failed)
                let published = try await server.anonymous.exchange("GET", "/api/webhook-key")
                #expect(published.status == 200)
                let key = String(decoding: published.body, as: UTF8.self).trimmingCharacters(
                    in: .whitespacesAndNewlines
                )
                let signature = try #require(delivery.signature.flatMap { Data(base64Encoded: $0) })
                let nonce = try #require(delivery.nonce)
                #expect(nonce.count >= 16)
                let publicKey = try Curve25519.Signing.PublicKey(
                    rawRepresentation: try #require(Data(base64Encoded: key))
                )
                #expect(publicKey.isValidSignature(signature, for: delivery.body + Data(nonce.utf8)))
                #expect(
                    !publicKey.isValidSignature(signature, for: delivery.body),
                    "the nonce is part of what is signed"
                )
                #expect(
                    try await Self.opensslVerifies(signature, of: delivery.body + Data(nonce.utf8), key: key, in: dir)
                )
                #expect(
                    try await Self.opensslVerifies(
                        signature,
                        of: Data("forged".utf8) + Data(nonce.utf8),
                        key: key,
                        in: dir
                    ) == false
                )
                let recorded = try await Self.deliveries(of: job.id, on: server)
                #expect(recorded.map(\.succeeded) == [true])
                #expect(recorded.first?.detail == "HTTP 200")
                #expect(try await server.alice.job(job.id).status == .failed)
            }
        }
    }

    @Test func aFailingWebhookIsRetriedRecordedAndLeavesTheJobAlone() async throws {
        let dir = try TemporaryDirectory()
        let closed = try TestServer.freePort()
        let configure: TestServer.Configure = {
            $0.webhooks = WebhookSender(attempts: 3, firstBackoff: .milliseconds(50))
        }
        try await TestServer.with(
            directory: dir,
            configure: configure
        ) { server in
            try await server.runner.register(TestServer.capacity)
            let triggers =
                "triggers:\n  - action: webhook\n    condition: success\n    url: http://127.0.0.1:\(closed)/hook\n"
            let job = try await server.alice.submit(.hello(triggers: triggers))
            _ = try await server.runner.take(wait: 5)
            _ = try await server.runner.finish(job.id, status: .success)
            let recorded = try await Self.deliveries(of: job.id, on: server)
            #expect(recorded.map(\.succeeded) == [false])
            #expect(recorded.first?.attempts == 3)
            #expect(try await server.alice.job(job.id).status == .success)
        }
    }

    @Test func aGroupsTriggerFiresOnceWhenAllItsJobsEnded() async throws {
        let dir = try TemporaryDirectory()
        try await WebhookListener.with { listener in
            try await TestServer.with(directory: dir) { server in
                try await server.runner.register(TestServer.capacity)
                var pending = SubmitRequest.hello()
                pending.execute = false
                let first = try await server.alice.submit(pending)
                let second = try await server.alice.submit(pending)
                let hook = GroupTrigger(
                    action: "webhook",
                    condition: "always",
                    url: "http://127.0.0.1:\(listener.port)/hook"
                )
                let group = try await server.alice.createGroup(
                    JobGroupRequest(jobs: [first.id, second.id], note: "both", triggers: [hook], execute: true)
                )
                #expect(group.jobs.map(\.status) == [.queued, .queued])
                let stranger = try await #require(throws: ClientError.self) {
                    try await server.bob.createGroup(JobGroupRequest(jobs: [first.id]))
                }
                #expect(stranger.status == 409 || stranger.status == 400)
                for _ in 0..<2 {
                    let job = try #require(try await server.runner.take(wait: 5)).job
                    _ = try await server.runner.finish(job.id, status: .success)
                }
                var iterator = listener.received.makeAsyncIterator()
                let delivery = try #require(await iterator.next())
                let posted = try JSONDecoder.api.decode(JobGroupView.self, from: delivery.body)
                #expect(posted.id == group.id)
                #expect(posted.status == .success)
                #expect(posted.jobs.map(\.id) == [first.id, second.id])
                #expect(try await server.alice.group(group.id).status == .success)
                let recorded = try await Self.deliveries(of: first.id, on: server)
                #expect(recorded.count == 1)
            }
        }
    }

    /// Waits (up to 5 s) for a job's trigger deliveries to be recorded.
    static func deliveries(of id: Int64, on server: TestServer) async throws -> [TriggerDelivery] {
        for _ in 0..<100 {
            let recorded = try await server.alice.job(id).triggers
            if !recorded.isEmpty { return recorded }
            try await Task.sleep(for: .milliseconds(50))
        }
        return []
    }

    /// Whether `openssl pkeyutl` accepts the signature of `message` under the raw Ed25519 key (base64).
    static func opensslVerifies(_ signature: Data, of message: Data, key: String, in dir: TemporaryDirectory)
        async throws
        -> Bool
    {
        // SubjectPublicKeyInfo of an Ed25519 key: a fixed 12-byte prefix, then the 32 raw bytes.
        let prefix = Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])
        let der = prefix + (Data(base64Encoded: key) ?? Data())
        let pem = "-----BEGIN PUBLIC KEY-----\n\(der.base64EncodedString())\n-----END PUBLIC KEY-----\n"
        try pem.write(toFile: dir.path("webhook.pub"), atomically: true, encoding: .utf8)
        try message.write(to: URL(fileURLWithPath: dir.path("message")))
        try signature.write(to: URL(fileURLWithPath: dir.path("signature")))
        let result = try await ChildProcess.run([
            "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir.path("webhook.pub"), "-rawin", "-in",
            dir.path("message"), "-sigfile", dir.path("signature"),
        ])
        return result.status == 0 && result.output.contains("Signature Verified Successfully")
    }
}
