import Foundation
import HckCore
import Logging
import Manifest
import PostgresNIO
import Server
import Store
import TestSupport
import Testing
import Wire

/// What retention removes and keeps, in every store; each test runs once per `StoreKind`, with the
/// jobs' ends set by hand (days before a fixed `now`).
@Suite(.postgresCluster) struct RetentionContractTests {
    static let runner = RunnerRecord(
        name: "r1",
        capacity: RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)
    )
    static let day: TimeInterval = 86_400

    /// A job with a 100-byte artifact and a 6-byte setup log, ended `daysAgo` before `now` (nil: running).
    static func job(in store: any JobStore, endedDaysAgo daysAgo: Double?, now: Date) async throws -> Int64 {
        let job = try await store.insert(.sample())
        let claimed = try await store.claim(
            runner: runner,
            leaseUntil: now.addingTimeInterval(600),
            deadline: .distantFuture
        )
        #expect(claimed?.job.id == job.id)
        _ = try await store.appendLog(id: job.id, task: nil, data: Data("hello\n".utf8))
        _ = try await store.storeArtifact(
            id: job.id,
            name: "out.bin",
            body: Pieces([UInt8](repeating: 7, count: 100), size: 30),
            limit: 1 << 20
        )
        if let daysAgo {
            let end = now.addingTimeInterval(-daysAgo * day)
            _ = try await store.finish(id: job.id, runner: "r1", status: .success, reason: nil, now: end)
        }
        return job.id
    }

    @Test(arguments: StoreKind.allCases) func prunesWhatExpiredInBatchesAndKeepsTheRest(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let now = Date()
        var old: [Int64] = []
        for _ in 0..<3 { old.append(try await Self.job(in: store, endedDaysAgo: 10, now: now)) }
        let recent = try await Self.job(in: store, endedDaysAgo: 1, now: now)
        let running = try await Self.job(in: store, endedDaysAgo: nil, now: now)
        let cutoff = now.addingTimeInterval(-5 * Self.day)

        #expect(try await store.storedBytes() == StoredBytes(artifacts: 500, logs: 30))
        #expect(
            try await store.prunable(.artifacts, endedBefore: cutoff, notBefore: nil) == Pruned(jobs: 3, bytes: 300)
        )
        #expect(try await store.prunable(.jobs, endedBefore: cutoff, notBefore: nil) == Pruned(jobs: 3, bytes: 318))
        #expect(
            try await store.prune(.artifacts, endedBefore: cutoff, limit: 2, now: now) == Pruned(jobs: 2, bytes: 200)
        )
        #expect(
            try await store.prune(.artifacts, endedBefore: cutoff, limit: 2, now: now) == Pruned(jobs: 1, bytes: 100)
        )
        #expect(try await store.prune(.artifacts, endedBefore: cutoff, limit: 2, now: now) == Pruned())
        for id in old {
            #expect(try await store.artifacts(id: id).isEmpty)
            let missing = await #expect(throws: StoreError.self) {
                try await store.readArtifact(id: id, name: "out.bin", range: 0..<1) { _ in }
            }
            #expect(missing?.code == .notFound)
            let expired = try #require(try await store.expirations(id: id)[.artifacts])
            #expect(abs(expired.timeIntervalSince(now)) < 1)
        }
        if case .sqlite = kind {
            #expect(!FileManager.default.fileExists(atPath: dir.path("artifacts/\(old[0])")), "the files went too")
        }
        for id in [recent, running] {
            #expect(try await store.artifacts(id: id).map(\.size) == [100])
            #expect(try await store.expirations(id: id).isEmpty)
        }
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 200, logs: 30))

        #expect(try await store.prune(.logs, endedBefore: cutoff, limit: 10, now: now) == Pruned(jobs: 3, bytes: 18))
        #expect(try await store.logLength(id: old[0], task: nil) == 0)
        #expect(try await Set(store.expirations(id: old[0]).keys) == [.artifacts, .logs])
        #expect(try await store.logLength(id: recent, task: nil) == 6)

        #expect(try await store.prune(.jobs, endedBefore: cutoff, limit: 10, now: now) == Pruned(jobs: 3, bytes: 0))
        for id in old { #expect(try await store.job(id: id) == nil) }
        #expect(try await store.job(id: recent)?.status == .success)
        #expect(try await store.job(id: running)?.status == .running)
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 200, logs: 12))
    }

    @Test(arguments: StoreKind.allCases) func jobsGoWithEverythingOfTheirs(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let now = Date()
        let old = try await Self.job(in: store, endedDaysAgo: 40, now: now)
        let kept = try await Self.job(in: store, endedDaysAgo: 20, now: now)
        let cutoff = now.addingTimeInterval(-30 * Self.day)
        #expect(try await store.prune(.jobs, endedBefore: cutoff, limit: 10, now: now) == Pruned(jobs: 1, bytes: 106))
        #expect(try await store.job(id: old) == nil)
        #expect(try await store.artifacts(id: old).isEmpty)
        #expect(try await store.logLength(id: old, task: nil) == 0)
        #expect(try await store.expirations(id: old).isEmpty, "a removed job leaves nothing to say")
        if case .sqlite = kind {
            #expect(!FileManager.default.fileExists(atPath: dir.path("artifacts/\(old)")))
        }
        #expect(try await store.job(id: kept) != nil)
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 100, logs: 6))
    }

    @Test(arguments: StoreKind.allCases) func aDryRunRemovesNothingAndReportsWhatTheRunThenDoes(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let now = Date()
        for days in [40.0, 35, 10, 8, 6, 1] { _ = try await Self.job(in: store, endedDaysAgo: days, now: now) }
        let running = try await Self.job(in: store, endedDaysAgo: nil, now: now)
        var retention = Retention()
        retention.jobs = .seconds(30 * 86_400)
        retention.artifacts = .seconds(7 * 86_400)
        retention.logs = .seconds(9 * 86_400)
        let administration = Administration(store: store)

        let dry = try await administration.prune(retention, dryRun: true, now: now)
        #expect(dry.map(\.kind) == [.jobs, .artifacts, .logs])
        #expect(
            dry.map(\.pruned) == [Pruned(jobs: 2, bytes: 212), Pruned(jobs: 2, bytes: 200), Pruned(jobs: 1, bytes: 6)]
        )
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 700, logs: 42), "a dry run removes nothing")
        #expect(try await store.expirations(id: running).isEmpty)

        let real = try await administration.prune(retention, dryRun: false, now: now)
        #expect(real == dry)
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 300, logs: 24))
        #expect(try await administration.prune(retention, dryRun: true, now: now).allSatisfy { $0.pruned == Pruned() })
    }

    @Test(arguments: StoreKind.allCases) func aPassPrunesInSmallBatches(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let now = Date()
        for _ in 0..<5 { _ = try await Self.job(in: store, endedDaysAgo: 100, now: now) }
        let batches = BatchLog(store: store)
        var logger = Logger(label: "hck-test")
        logger.logLevel = .error
        let metrics = ServerMetrics()
        let removed = try await Pruner(
            store: batches,
            retention: Retention(),
            batch: 2,
            metrics: metrics,
            logger: logger
        )
        .pass(now: now)
        #expect(removed == [.artifacts: Pruned(jobs: 5, bytes: 500)])
        #expect(await batches.sizes == [2, 2, 1], "at most 2 jobs a transaction")
        let text = PrometheusText(
            metrics.render(statusCounts: [:], runners: 0, stored: StoredBytes(artifacts: 0, logs: 30))
        )
        #expect(text["hck_pruned_bytes_total{kind=\"artifacts\"}"] == 500, "\(text)")
        #expect(text["hck_stored_bytes{kind=\"logs\"}"] == 30)
    }

    @Test func onlyOneServerPrunesAtATime() async throws {
        let cluster = try #require(PostgresTestCluster.current)
        let address = try await cluster.createDatabase()
        let store = try await cluster.store(on: address)
        let now = Date()
        let old = try await Self.job(in: store, endedDaysAgo: 100, now: now)
        var logger = Logger(label: "hck-test")
        logger.logLevel = .error
        // Another server's batch holds the pruning lock.
        let other = try await PostgresConnection.connect(
            configuration: try address.connectionConfiguration(),
            id: 9,
            logger: logger
        )
        try await other.query("SELECT pg_advisory_lock(\(PostgresJobStore.pruneLock))", logger: logger)
        #expect(try await store.prune(.artifacts, endedBefore: now, limit: 10, now: now) == nil, "it skips its turn")
        #expect(try await store.artifacts(id: old).count == 1)
        try await other.query("SELECT pg_advisory_unlock(\(PostgresJobStore.pruneLock))", logger: logger)
        try await other.close()
        #expect(try await store.prune(.artifacts, endedBefore: now, limit: 10, now: now) == Pruned(jobs: 1, bytes: 100))
    }

    @Test func twoServersPruningTogetherRemoveEachJobOnce() async throws {
        let cluster = try #require(PostgresTestCluster.current)
        let address = try await cluster.createDatabase()
        let first = try await cluster.store(on: address)
        let second = try await cluster.store(on: address)
        let now = Date()
        for _ in 0..<24 { _ = try await Self.job(in: first, endedDaysAgo: 100, now: now) }
        let logger = Logger(label: "hck-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let retention = {
            var retention = Retention()
            retention.logs = .zero
            return retention
        }()
        let passes = try await withThrowingTaskGroup(of: [RetentionKind: Pruned].self) { group in
            for store in [first, second] {
                group.addTask {
                    var total: [RetentionKind: Pruned] = [:]
                    // Each server passes until nothing is left, as hourly passes would.
                    for _ in 0..<50 {
                        let pass = try await Pruner(
                            store: store,
                            retention: retention,
                            batch: 1,
                            metrics: ServerMetrics(),
                            logger: logger
                        ).pass(now: now)
                        for (kind, pruned) in pass { total[kind, default: Pruned()].add(pruned) }
                        if try await store.storedBytes() == StoredBytes(artifacts: 0, logs: 0) { break }
                    }
                    return total
                }
            }
            return try await group.reduce(into: [[RetentionKind: Pruned]]()) { $0.append($1) }
        }
        // Had two batches run at once, both would have counted the jobs they raced for.
        var sum: [RetentionKind: Pruned] = [:]
        for pass in passes { for (kind, pruned) in pass { sum[kind, default: Pruned()].add(pruned) } }
        #expect(sum[.artifacts] == Pruned(jobs: 24, bytes: 2400))
        #expect(sum[.logs] == Pruned(jobs: 24, bytes: 144))
        #expect(try await first.storedBytes() == StoredBytes(artifacts: 0, logs: 0))
    }
}

/// A store that records the size of each pruning batch it passes on.
actor BatchLog: RetentionStore {
    let store: any RetentionStore
    private(set) var sizes: [Int] = []

    init(store: any RetentionStore) {
        self.store = store
    }

    func prune(_ kind: RetentionKind, endedBefore cutoff: Date, limit: Int, now: Date) async throws -> Pruned? {
        let pruned = try await store.prune(kind, endedBefore: cutoff, limit: limit, now: now)
        if let pruned, pruned.jobs > 0 { sizes.append(pruned.jobs) }
        return pruned
    }

    func prunable(_ kind: RetentionKind, endedBefore cutoff: Date, notBefore floor: Date?) async throws -> Pruned {
        try await store.prunable(kind, endedBefore: cutoff, notBefore: floor)
    }

    func expirations(id: Int64) async throws -> [RetentionKind: Date] {
        try await store.expirations(id: id)
    }

    func storedBytes() async throws -> StoredBytes {
        try await store.storedBytes()
    }
}
