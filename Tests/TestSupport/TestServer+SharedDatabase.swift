import Foundation
import HckCore
public import Server
public import Store

extension TestServer {
    /// Runs `body` against two servers sharing a new database of the suite's PostgreSQL cluster (the
    /// suite carries `.postgresCluster`) and one secrets key, as servers behind a load balancer do; `body`
    /// also gets the database.
    package static func twoSharingPostgres<T>(
        configure: @escaping Configure = { _ in },
        _ body: (TestServer, TestServer, PostgresAddress) async throws -> T
    ) async throws -> T {
        guard let cluster = PostgresTestCluster.current else {
            throw StoreError(.unreachable, "TestServer.twoSharingPostgres needs its suite to carry .postgresCluster")
        }
        let address = try await cluster.createDatabase()
        let (first, second) = (try TemporaryDirectory(), try TemporaryDirectory())
        let key = try SecretBox.createKeyFile(at: first.path("secrets.key")).keyFile
        let shared: Configure = {
            $0.database = .postgres(address)
            $0.secretsKeyFile = key
            configure(&$0)
        }
        return try await with(directory: first, configure: shared) { a in
            try await with(directory: second, configure: shared) { b in try await body(a, b, address) }
        }
    }
}
