import Client
import Foundation
import HckCore
import Images
import Logging
import PostgresNIO
import Server
import Store
import TestSupport
import Testing
import Wire

/// How the PostgreSQL store's pool answers while its database never answers: the first query fails
/// `unreachable` once it waited ``PostgresPool/leaseWait`` (10 s) for a connection, not the minute
/// PostgresNIO's pool would keep it queued; later ones fail at once, naming the outage. And while its
/// database answers but every connection is busy: the query that got none fails, and that is no
/// outage (the lease reaper would hand out fresh leases for one).
@Suite(.postgresCluster) struct PostgresPoolTests {
    @Test func queriesFailWithinSecondsThenAtOnceWhileTheDatabaseIsDown() async throws {
        let closed = try LoopbackPort.free()
        let address = try PostgresAddress(parsing: "postgres://hck@127.0.0.1:\(closed)/jobs?sslmode=disable")
        var logger = Logger(label: "hck-test-pool")
        logger.logLevel = .critical
        let store = PostgresJobStore(address: address, logger: logger)
        try await store.whileRunning {
            let clock = ContinuousClock()
            let start = clock.now
            let first = await #expect(throws: StoreError.self) { try await store.job(id: 1) }
            let waited = clock.now - start
            print("PostgresPoolTests: the first query failed after \(waited)")
            #expect(first?.code == .unreachable)
            #expect(first?.message.contains("no connection within 10.0 s") == true, "\(String(describing: first))")
            // The message says the 10 s lease wait ended it (PostgresNIO's own 60 s would say
            // otherwise); no bound on the time, which a loaded host stretched to 52 s once.

            let again = clock.now
            let next = await #expect(throws: StoreError.self) { try await store.runners() }
            #expect(next?.code == .unreachable)
            #expect(next?.message.contains("unreachable since") == true, "\(String(describing: next))")
            #expect(
                clock.now - again < .seconds(8),
                "a known outage fails queries without waiting the 10 s for a connection"
            )
        }
    }

    @Test func aPoolWhoseConnectionsAreAllBusyIsNoOutage() async throws {
        // Another client holds the jobs table: every query of the store on it waits, each on a
        // connection of the pool (PostgresNIO's 20), and the one past them gets none.
        let (store, holder, logger) = try await Self.storeWithItsJobsTableLocked()
        let outagesBefore = await store.outagesBegun()
        let failed = await withTaskGroup(of: StoreError?.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    do {
                        _ = try await store.job(id: 1)
                        return nil
                    } catch {
                        return error as? StoreError
                    }
                }
            }
            // Once a query ran out of its wait for a connection, the table is let go.
            var failures: [StoreError] = []
            while let outcome = await group.next() {
                if let outcome {
                    failures.append(outcome)
                    if failures.count == 1 { try? await holder.query("ROLLBACK", logger: logger) }
                }
            }
            return failures
        }
        try? await holder.close()
        #expect(!failed.isEmpty, "some query waited past the pool's 10 s for a connection")
        #expect(failed.allSatisfy { $0.message.contains("no connection within 10.0 s") }, "\(failed)")
        // The probe found the database answering: no outage was counted, and queries run at once.
        #expect(await store.outagesBegun() == outagesBefore, "a busy pool counted as an outage")
        #expect(
            await Self.answers(within: .seconds(5)) { _ = try await store.runners() },
            "the store answers once its connections are free"
        )
    }

    /// PostgresNIO cannot cancel a query, and a query written to a connection that just closed waits for
    /// ever: a query waiting on a lock would hold its task, its connection and so a stopping server's
    /// pool. The pool closes the connection of a query still running five seconds after its task was
    /// cancelled, and stops waiting for work on a closed connection; the store works on.
    @Test func aCancelledQueryThatWaitsOnALockEndsWithinSeconds() async throws {
        let (store, holder, logger) = try await Self.storeWithItsJobsTableLocked()
        let clock = ContinuousClock()
        let waiting = Task { try await store.job(id: 1) }
        try await Task.sleep(for: .seconds(1))
        let cancelled = clock.now
        waiting.cancel()
        // Should the query keep waiting, the lock is let go after 40 s, so that the test ends.
        let release = Task {
            try? await Task.sleep(for: .seconds(40))
            guard !Task.isCancelled else { return }
            try? await holder.query("ROLLBACK", logger: logger)
        }
        let outcome = await waiting.result
        let waited = clock.now - cancelled
        release.cancel()
        await release.value
        try? await holder.query("ROLLBACK", logger: logger)
        try? await holder.close()
        print("PostgresPoolTests: the cancelled query ended \(waited) after its cancellation")
        #expect(waited < .seconds(30), "the cancelled query waited while the lock was held")
        #expect(throws: (any Error).self) { try outcome.get() }
        #expect(
            await Self.answers(within: .seconds(10)) { _ = try await store.job(id: 1) },
            "the store answers on a fresh connection"
        )
    }

    /// A store on a fresh database, and another client's connection that holds its jobs table (in a
    /// transaction that `ROLLBACK` ends), with the logger it uses.
    static func storeWithItsJobsTableLocked() async throws -> (PostgresJobStore, PostgresConnection, Logger) {
        let cluster = try #require(PostgresTestCluster.current)
        let address = try await cluster.createDatabase()
        let store = try await cluster.store(on: address)
        var logger = Logger(label: "hck-test-pool")
        logger.logLevel = .critical
        let holder = try await PostgresConnection.connect(
            configuration: try address.connectionConfiguration(),
            id: 7,
            logger: logger
        )
        try await holder.query("BEGIN", logger: logger)
        try await holder.query("LOCK TABLE jobs IN ACCESS EXCLUSIVE MODE", logger: logger)
        return (store, holder, logger)
    }

    /// Whether `query` succeeds within `limit`, tried every 100 ms.
    static func answers(within limit: Duration, _ query: () async throws -> Void) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while true {
            do {
                try await query()
                return true
            } catch {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
