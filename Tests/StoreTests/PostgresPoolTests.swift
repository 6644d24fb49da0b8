import Client
import Foundation
import HckCore
import Images
import Logging
import Server
import Store
import TestSupport
import Testing
import Wire

/// How the PostgreSQL store's pool answers while its database never answers: the first query fails
/// `unreachable` once it waited ``PostgresPool/leaseWait`` (10 s) for a connection, not the minute
/// PostgresNIO's pool would keep it queued; later ones fail at once, naming the outage.
@Suite struct PostgresPoolTests {
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
}
