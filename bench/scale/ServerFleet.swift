import AsyncHTTPClient
import Client
import Foundation
import ServerBenchSupport
import Store
import TestSupport

/// Real `hck server` processes on one database, each on its own port with its own data directory and
/// all with the same `--secrets-key-file`, as behind a load balancer; the bench's user has a client on
/// each, and runner `r` is registered on server `r % count`.
struct ServerFleet {
    let servers: [BenchServer]
    /// The user's client on each server.
    let users: [APIClient]
    /// Each runner's client, on its own server.
    let runners: [APIClient]

    /// Starts `count` servers on `database` (`sqlite` or a `postgres://` URL) with their files in `directory`.
    static func start(
        count: Int,
        database: String,
        runners: Int,
        http: HTTPClient,
        in directory: TemporaryDirectory
    ) async throws -> ServerFleet {
        let key = try SecretBox.createKeyFile(at: directory.path("secrets.key")).keyFile
        let tokens = try await BenchTokens.issue(
            dataDirectory: directory.path("server-0"),
            database: database,
            runners: runners
        )
        var servers: [BenchServer] = []
        for n in 0..<count {
            servers.append(
                try await BenchServer.start(
                    database: database,
                    data: directory.path("server-\(n)"),
                    log: directory.url.appendingPathComponent("server-\(n).log"),
                    // Every client and runner comes from 127.0.0.1.
                    arguments: ["--secrets-key-file", key, "--connections-per-address", "1000"]
                )
            )
        }
        func client(_ server: Int, _ token: String) -> APIClient {
            let url = servers[server].url
            return APIClient(transport: PooledTransport(http: http, baseURL: url), baseURL: url, token: token)
        }
        let fleet = ServerFleet(
            servers: servers,
            users: servers.indices.map { client($0, tokens.user) },
            runners: tokens.runners.enumerated().map { client($0.offset % count, $0.element) }
        )
        for runner in fleet.runners { try await runner.register(TestServer.capacity) }
        return fleet
    }

    /// The servers' process ids.
    var processIdentifiers: [Int32] { servers.map(\.process.processIdentifier) }

    /// Stops every server.
    func stop() async {
        for server in servers { await server.stop() }
    }
}
