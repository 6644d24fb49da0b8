import Client
import Foundation
import Logging
public import Server
import Store
import Testing
public import Wire

extension TestServer {
    /// Runs `body` on a server keeping its jobs in a store of `kind`, once runner r1 took a job.
    /// - Parameters:
    ///   - kind: the store.
    ///   - configure: more server settings.
    ///   - body: the test, with the server and the assignment r1 took.
    package static func withTakenJob(
        on kind: StoreKind,
        configure: TestServer.Configure = { _ in },
        _ body: (TestServer, Assignment) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory()
        let database = try await kind.serverDatabase()
        let onThisStore: TestServer.Configure = {
            $0.database = database
            configure(&$0)
        }
        try await TestServer.with(
            directory: dir,
            configure: onThisStore
        ) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.submit(.hello())
            try await body(server, try #require(try await server.runner.take(wait: 5)))
        }
    }
}
