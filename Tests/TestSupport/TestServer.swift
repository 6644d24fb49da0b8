public import Client
public import Foundation
import Logging
public import Server
import ServiceLifecycle
import Store
public import Wire

/// A real hck server on a free loopback port, with users alice and bob and runner r1 (on SQLite in
/// the directory unless `configure` names a PostgreSQL database).
package struct TestServer {
    /// Changes a test makes to the server's configuration before it starts.
    package typealias Configure = (inout APIServer.Configuration) -> Void

    package let url: URL
    package let alice: APIClient
    package let bob: APIClient
    package let runner: APIClient
    package let anonymous: APIClient
    package let dataDirectory: String
    /// Where the clients' requests go instead of over HTTP (``inRouter(directory:configure:_:)``), if anywhere.
    package let transport: (any APITransport)?

    /// The image and arch the test runner offers.
    package static let capacity = RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)

    /// Runs `body` against a server on `directory` (kept across calls, so a second call is a restart).
    /// The port is free when picked but another program may bind it first: then the start is
    /// tried again on another port (up to three times) instead of waiting forever for "listening".
    package static func with<T>(
        directory: TemporaryDirectory,
        configure: Configure = { _ in },
        attempt: Int = 1,
        _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let port = try freePort()
        var configuration = APIServer.Configuration(dataDirectory: directory.path("data"))
        configuration.port = port
        configuration.baseURL = "http://127.0.0.1:\(port)"
        // Tests that are about leases set their own; the rest must not lose a job they hold without
        // heartbeats because a loaded machine made them slow (the reaper rightly ends such leases).
        configuration.leaseDuration = .seconds(600)
        configure(&configuration)
        var logger = Logger(label: "hck-test")
        logger.logLevel = .warning
        let (listening, signal) = AsyncStream.makeStream(of: Int.self)
        let app = try await APIServer(configuration: configuration).makeApplication(logger: logger) { signal.yield($0) }
        let tokens = try await issueTokens(configuration)
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let server = TestServer(
            url: url,
            alice: APIClient(baseURL: url, token: tokens.alice),
            bob: APIClient(baseURL: url, token: tokens.bob),
            runner: APIClient(baseURL: url, token: tokens.runner),
            anonymous: APIClient(baseURL: url, token: nil),
            dataDirectory: configuration.dataDirectory,
            transport: nil
        )
        let started = try await servingInProcess(
            app,
            listening: listening,
            signal: signal,
            port: port,
            lastAttempt: attempt >= 3,
            logger: logger
        ) { try await body(server) }
        guard let started else {
            return try await with(directory: directory, configure: configure, attempt: attempt + 1, body)
        }
        return try started.get()
    }

    /// Tokens for users alice and bob and runner r1 on the server's store.
    static func issueTokens(_ configuration: APIServer.Configuration) async throws
        -> (alice: String, bob: String, runner: String)
    {
        try await Administration.with(dataDirectory: configuration.dataDirectory, database: configuration.database) {
            admin in
            (
                alice: try await admin.issueToken(for: "alice", role: .user),
                bob: try await admin.issueToken(for: "bob", role: .user),
                runner: try await admin.issueToken(for: "r1", role: .runner)
            )
        }
    }

    /// A client of this server with another token (or none), reaching it as the others do.
    package func client(token: String?) -> APIClient {
        transport.map { APIClient(transport: $0, baseURL: url, token: token) } ?? APIClient(baseURL: url, token: token)
    }

    /// A loopback port nobody listens on now.
    package static func freePort() throws -> Int {
        try LoopbackPort.free()
    }
}

extension SubmitRequest {
    /// A valid two-task manifest.
    package static func hello(image: String = "debian/stable", note: String? = "hello", triggers: String = "")
        -> SubmitRequest
    {
        SubmitRequest(
            manifest: """
                image: \(image)
                tasks:
                  - build: |
                      echo building
                  - test: |
                      echo testing
                \(triggers)
                """,
            note: note,
            tags: ["hck", "tests"]
        )
    }
}
