import API
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Manifest
import ServiceLifecycle
import Testing

/// A webhook trigger reaches a real HTTP listener on loopback, signed with the owner's key.
@Suite struct WebhookTests {
    struct Received: Sendable {
        var body: Data
        var signature: String?
    }

    @Test func aWebhookIsPostedSignedAndRecordedOnTheJob() async throws {
        let dir = try TemporaryDirectory()
        let port = try TestServer.freePort()
        let (received, sink) = AsyncStream.makeStream(of: Received.self)
        let router = Router()
        router.post("hook") { request, context -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            sink.yield(Received(body: Data(body.readableBytesView), signature: request.headers[HTTPField.Name("X-Hck-Signature")!]))
            return .ok
        }
        var logger = Logger(label: "hook")
        logger.logLevel = .warning
        let listener = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let group = ServiceGroup(services: [listener], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await TestServer.with(directory: dir) { server in
                try await server.runner.register(TestServer.capacity)
                let triggers = """
                    triggers:
                      - action: webhook
                        condition: always
                        url: http://127.0.0.1:\(port)/hook
                      - action: webhook
                        condition: success
                        url: http://127.0.0.1:\(port)/never
                    """
                let job = try await server.alice.submit(.hello(triggers: triggers))
                _ = try await server.runner.take(wait: 5)
                _ = try await server.runner.finish(job.id, status: .failed, reason: "task build failed")
                var iterator = received.makeAsyncIterator()
                let delivery = try #require(await iterator.next())
                let posted = try JSONDecoder.api.decode(JobView.self, from: delivery.body)
                #expect(posted.id == job.id)
                #expect(posted.status == .failed)
                let key = try #require(try await SQLiteJobStore(path: dir.path("data/hck.sqlite")).user(named: "alice")).webhookSecret
                let mac = HMAC<SHA256>.authenticationCode(for: delivery.body, using: SymmetricKey(data: Data(key.utf8)))
                #expect(delivery.signature == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
                var recorded: [TriggerDelivery] = []
                for _ in 0..<50 where recorded.isEmpty {
                    recorded = try await server.alice.job(job.id).triggers
                    if recorded.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(recorded.map(\.succeeded) == [true])
                #expect(recorded.first?.detail == "HTTP 200")
                #expect(try await server.alice.job(job.id).status == .failed)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
