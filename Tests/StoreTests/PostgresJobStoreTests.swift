import Client
import Foundation
import HckCore
import Images
import Manifest
import PostgresNIO
import Server
import Store
import TestSupport
import Testing
import Wire

/// What only the PostgreSQL store has: servers sharing one database, its migrations, its addresses
/// and its errors. (The behaviour both stores share is in `JobStoreContractTests`.)
@Suite(.postgresCluster) struct PostgresJobStoreTests {
    let capacity = RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)

    var cluster: PostgresTestCluster {
        get throws { try #require(PostgresTestCluster.current) }
    }

    @Test func twoStoresOnOneDatabaseNeverHandOutAJobTwice() async throws {
        let address = try await cluster.createDatabase()
        let stores = [try await cluster.store(on: address), try await cluster.store(on: address)]
        var submitted: Set<Int64> = []
        for n in 0..<60 { submitted.insert(try await stores[n % 2].insert(.sample()).id) }
        // Three runners on each server claim until the queue is empty, all at once.
        let claims = try await withThrowingTaskGroup(of: [(server: Int, job: Int64)].self) { group in
            for runner in 0..<6 {
                group.addTask {
                    let server = runner % 2
                    let me = RunnerRecord(name: "r\(runner)", capacity: capacity)
                    var taken: [(server: Int, job: Int64)] = []
                    while let job = try await stores[server].claim(
                        runner: me,
                        leaseUntil: Date().addingTimeInterval(60),
                        deadline: .distantFuture
                    )?.job {
                        #expect(job.runner == me.name)
                        taken.append((server, job.id))
                    }
                    return taken
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claims.count == 60, "every job is claimed exactly once: \(claims.count) claims")
        #expect(Set(claims.map(\.job)) == submitted)
        #expect(Set(claims.map(\.server)) == [0, 1], "both servers handed out jobs")
        #expect(try await stores[0].statusCounts() == [.running: 60])
    }

    @Test func migrationsAreVersionedAndRunOnce() async throws {
        let address = try await cluster.createDatabase()
        // Servers starting together migrate once (an advisory lock), and a restart changes nothing.
        let opened = try await withThrowingTaskGroup(of: PostgresJobStore.self) { group in
            for _ in 0..<3 { group.addTask { try await cluster.store(on: address) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let store = try #require(opened.first)
        #expect(try await store.schemaVersions() == [1, 2, 3, 4, 5, 6])
        _ = try await store.insert(.sample())
        let again = try await cluster.store(on: address)
        #expect(try await again.schemaVersions() == [1, 2, 3, 4, 5, 6])
        #expect(try await again.jobs(owner: nil, startingAt: nil, limit: 10).count == 1, "a restart keeps the jobs")
    }

    @Test func aDatabaseFromANewerHckIsRefused() async throws {
        let address = try await cluster.createDatabase()
        _ = try await cluster.store(on: address)
        let connection = try await PostgresConnection.connect(
            configuration: try address.connectionConfiguration(),
            id: 9,
            logger: .init(label: "test")
        )
        try await connection.query(
            "INSERT INTO schema_migrations VALUES (99, 'from the future', 0)",
            logger: .init(label: "test")
        )
        try await connection.close()
        let error = try await #require(throws: StoreError.self) { try await cluster.store(on: address) }
        #expect(error.code == .schema)
        #expect(error.message.contains("schema version 99"))
    }

    @Test func jobIDsStartAtTheFirstIDAndNeverGoDown() async throws {
        let address = try await cluster.createDatabase()
        let store = try await cluster.store(on: address, firstJobID: 4_100_000_000)
        #expect(try await store.insert(.sample()).id == 4_100_000_000)
        #expect(try await store.insert(.sample()).id == 4_100_000_001)
        try await store.startJobIDs(at: 10)
        #expect(try await store.insert(.sample()).id == 4_100_000_002, "an id already used is never handed out again")
        let restarted = try await cluster.store(on: address, firstJobID: 4_100_000_000)
        #expect(
            try await restarted.insert(.sample()).id == 4_100_000_003,
            "a restart with the same option keeps counting"
        )
    }

    @Test(arguments: [
        ("mysql://u@h/db", "the scheme is 'mysql'"),
        ("postgres://h:5432/db", "no user"),
        ("postgres://u@h:5432", "no database"),
        ("postgres://u@h:99999/db", "out of range"),
        ("postgres://u:secret@h/db?sslmode=maybe", "sslmode 'maybe'"),
        ("postgres://u@h/db?timeout=3", "unknown parameter 'timeout'"),
        ("postgres://u@h/db?connect_timeout=0", "connect_timeout '0'"),
    ])
    func badAddressesSayWhatIsWrong(text: String, why: String) throws {
        let error = try #require(throws: StoreError.self) { try PostgresAddress(parsing: text) }
        #expect(error.code == .invalidAddress)
        #expect(error.message.contains(why), "\(error.message)")
        #expect(!error.message.contains("secret"), "a password never appears in an error")
    }

    @Test func addressesParse() throws {
        let address = try PostgresAddress(
            parsing: "postgresql://hck:p%40ss@db.example:6543/jobs?sslmode=require&connect_timeout=3"
        )
        #expect(address.connectTimeout == .seconds(3))
        #expect(address.user == "hck" && address.password == "p@ss" && address.host == "db.example")
        #expect(address.port == 6543 && address.database == "jobs" && address.sslMode == "require")
        #expect(address.description == "postgres://hck@db.example:6543/jobs")
        #expect(try PostgresAddress(parsing: "postgres://u@h/db").port == 5432)
        #expect(try PostgresAddress(parsing: "postgres://u@h/db").connectTimeout == .seconds(10))
        #expect(try StoreLocation(parsing: "sqlite") == .dataDirectory)
    }

    @Test func aServerThatCannotBeReachedIsNamedWithTheCause() async throws {
        let port = try LoopbackPort.free()
        let address = try PostgresAddress(parsing: "postgres://hck@127.0.0.1:\(port)/jobs?sslmode=disable")
        let error = try await #require(throws: StoreError.self) {
            try await PostgresJobStore.open(address, logger: .init(label: "test"))
        }
        #expect(error.code == .unreachable)
        #expect(error.message.contains("127.0.0.1:\(port)"), "\(error.message)")
        #expect(error.message.lowercased().contains("refused"), "the cause is given: \(error.message)")

        let missing = try cluster.address(database: "no_such_database")
        let refused = try await #require(throws: StoreError.self) { try await cluster.store(on: missing) }
        #expect(refused.code == .unreachable)
        #expect(refused.message.contains("no_such_database") && refused.message.contains("3D000"), "\(refused.message)")
    }
}
