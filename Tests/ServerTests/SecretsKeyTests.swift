import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// One secrets key for every server sharing a store, and a take that fails after its claim.
@Suite(.postgresCluster) struct SecretsKeyTests {
    static let manifest = "image: debian/stable\nsecrets:\n  - deploy\ntasks:\n  - a: echo\n"

    @Test func aSecretAddedThroughOneServerReachesARunnerTakingThroughAnother() async throws {
        let cluster = try #require(PostgresTestCluster.current)
        let address = try await cluster.createDatabase()
        let keys = try TemporaryDirectory()
        let shared = try SecretBox.createKeyFile(at: keys.path("shared.key"))
        let other = try SecretBox.createKeyFile(at: keys.path("other.key"))
        let sharing: TestServer.Configure = {
            $0.database = .postgres(address)
            $0.secretsKeyFile = shared.keyFile
        }
        let (first, second) = (try TemporaryDirectory(), try TemporaryDirectory())
        try await TestServer.with(directory: first, configure: sharing) { a in
            try await TestServer.with(directory: second, configure: sharing) { b in
                let value = Data(
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nmaterial\n-----END OPENSSH PRIVATE KEY-----\n".utf8
                )
                _ = try await a.alice.addSecret(SecretRequest(name: "deploy", kind: .sshKey, value: value))
                try await b.runner.register(TestServer.capacity)
                let submitted = try await a.alice.submit(SubmitRequest(manifest: Self.manifest))
                let taken = try #require(try await b.runner.take(wait: 20))
                #expect(taken.job.id == submitted.id)
                #expect(taken.secrets.map(\.value) == [value], "B opens the secret A sealed")
            }
        }

        // A server with another key, named or its data directory's own, refuses to start, naming both;
        // a named key file that is missing is never made up.
        func start(keyFile: String?) async throws -> (error: SecretError, data: TemporaryDirectory) {
            let third = try TemporaryDirectory()
            let configure: TestServer.Configure = {
                $0.database = .postgres(address)
                $0.secretsKeyFile = keyFile
            }
            let error = try await #require(throws: SecretError.self) {
                try await TestServer.with(directory: third, configure: configure) { _ in }
            }
            return (error, third)
        }
        let named = try await start(keyFile: other.keyFile).error
        #expect(named.code == .otherKey)
        #expect(named.message.contains(shared.fingerprint) && named.message.contains(other.fingerprint), "\(named)")
        let (unnamed, third) = try await start(keyFile: nil)
        let own = try SecretBox(keyFile: third.path("data/secrets.key"))
        #expect(unnamed.code == .otherKey)
        #expect(unnamed.message.contains(shared.fingerprint) && unnamed.message.contains(own.fingerprint))
        let missing = try await start(keyFile: keys.path("typo.key")).error
        #expect(missing.message.contains("typo.key") && missing.message.contains("hck admin secrets-key new"))
        #expect(!FileManager.default.fileExists(atPath: keys.path("typo.key")))
    }

    @Test(arguments: StoreKind.allCases) func aTakeThatFailsAfterItsClaimGivesTheJobBackAtOnce(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let database = try await kind.serverDatabase()
        // TestServer's leases last 600 s: only the give-back can queue the job again during the test.
        let configure: TestServer.Configure = { $0.database = database }
        try await TestServer.with(directory: dir, configure: configure) { server in
            let store = try await Self.store(at: database, dataDirectory: server.dataDirectory)
            let broken = Secret(
                id: UUID(),
                owner: "alice",
                name: "deploy",
                kind: .sshKey,
                path: nil,
                mode: nil,
                sealed: Data(repeating: 7, count: 48),
                createdAt: Date()
            )
            try await store.addSecret(broken)
            try await server.runner.register(TestServer.capacity)
            let submitted = try await server.alice.submit(SubmitRequest(manifest: Self.manifest))
            let failed = try await #require(throws: ClientError.self) { try await server.runner.take(wait: 20) }
            #expect(failed.status >= 500, "\(failed)")
            let job = try await server.alice.job(submitted.id)
            #expect(job.status == .queued, "the job is queued again at once, not after its lease")
            #expect(job.runner == nil)
        }
    }

    /// The server's store, opened beside it.
    static func store(at database: StoreLocation, dataDirectory: String) async throws -> any JobStore {
        switch database {
        case .dataDirectory:
            return try SQLiteJobStore(path: "\(dataDirectory)/hck.sqlite")
        case .postgres(let address):
            return try await #require(PostgresTestCluster.current).store(on: address)
        }
    }
}
