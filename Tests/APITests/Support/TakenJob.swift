import API
import Foundation
import Logging
import Testing

@testable import Node

extension TestServer {
    /// Runs `body` on a server keeping its jobs in a store of `kind`, once runner r1 took a job.
    /// - Parameters:
    ///   - kind: the store.
    ///   - configure: more server settings.
    ///   - body: the test, with the server and the assignment r1 took.
    static func withTakenJob(
        on kind: StoreKind,
        configure: (inout APIServer.Configuration) -> Void = { _ in },
        _ body: (TestServer, Assignment) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory()
        let database = try await kind.serverDatabase()
        try await TestServer.with(
            directory: dir,
            configure: {
                $0.database = database
                configure(&$0)
            }
        ) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.submit(.hello())
            try await body(server, try #require(try await server.runner.take(wait: 5)))
        }
    }
}

extension LogUplink {
    /// Runs the sender while `appending` queues items, then closes the uplink and waits until all was
    /// sent; the server must not have taken the job back.
    /// - Parameter appending: what the job reports.
    func sendAll(_ appending: @Sendable () async -> Void) async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.run() }
            await appending()
            await close()
        }
        #expect(lost == nil)
    }
}

extension Logger {
    /// The uplinks' logger in tests: errors only.
    static let uplinkTests = {
        var logger = Logger(label: "hck-test-uplink")
        logger.logLevel = .error
        return logger
    }()
}
