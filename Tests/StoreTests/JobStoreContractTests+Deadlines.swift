import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The contract's deadlines and paging, run once per `StoreKind` like the rest of it.
extension JobStoreContractTests {
    @Test(arguments: StoreKind.allCases) func jobsPastTheirDeadlineEndTimeoutAndOnlyThey(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let late = try await store.insert(.sample())
        let onTime = try await store.insert(.sample())
        let waiting = try await store.insert(.sample())
        let lease = Date().addingTimeInterval(600)
        let deadline = Date().addingTimeInterval(60)
        let taken = try #require(try await store.claim(runner: runner, leaseUntil: lease, deadline: deadline)?.job)
        #expect(taken.id == late.id)
        #expect(abs((taken.deadline ?? .distantPast).timeIntervalSince(deadline)) < 0.01)
        _ = try await store.claim(runner: runner, leaseUntil: lease, deadline: deadline.addingTimeInterval(600))
        _ = try await store.updateTask(id: late.id, runner: "r1", task: "build", status: .running)
        #expect(try await store.expireDeadlines(now: Date()).isEmpty)

        let ended = try await store.expireDeadlines(now: deadline.addingTimeInterval(1))
        #expect(ended.map(\.id) == [late.id])
        let timedOut = try #require(try await store.job(id: late.id))
        #expect(timedOut.status == .timeout)
        #expect(timedOut.reason?.contains("deadline") == true)
        #expect(timedOut.runner == nil)
        #expect(timedOut.tasks.map(\.status) == [.failed, .skipped])
        #expect(try await store.heartbeat(id: late.id, runner: "r1", leaseUntil: lease) == nil)
        #expect(try await store.job(id: onTime.id)?.status == .running)
        #expect(try await store.job(id: waiting.id)?.status == .queued)
        #expect(try await store.expireDeadlines(now: deadline.addingTimeInterval(1)).isEmpty)
        #expect(try await store.unfiredTriggers().contains(.job(late.id)))
    }

    @Test(arguments: StoreKind.allCases) func aRequeuedJobGetsAFreshDeadlineWhenTakenAgain(kind: StoreKind) async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        let soon = Date().addingTimeInterval(5)
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(-1), deadline: soon)
        #expect(try await store.expireLeases(now: Date()).map(\.status) == [.queued])
        #expect(try await store.job(id: job.id)?.deadline == nil)
        #expect(try await store.expireDeadlines(now: soon.addingTimeInterval(1)).isEmpty)
        let later = Date().addingTimeInterval(3600)
        let again = try #require(try await store.claim(runner: runner, leaseUntil: later, deadline: later)?.job)
        #expect(abs((again.deadline ?? .distantPast).timeIntervalSince(later)) < 0.01)
    }

    @Test(arguments: StoreKind.allCases) func extendingLeasesMovesOnlyRunningLeasesThatEndSooner(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let ranOut = try await store.insert(.sample())
        let longer = try await store.insert(.sample())
        let waiting = try await store.insert(.sample())
        let now = Date()
        _ = try await store.claim(runner: runner, leaseUntil: now.addingTimeInterval(-5), deadline: .distantFuture)
        _ = try await store.claim(runner: runner, leaseUntil: now.addingTimeInterval(600), deadline: .distantFuture)
        _ = try await store.updateTask(id: ranOut.id, runner: "r1", task: "build", status: .running)

        #expect(try await store.extendLeases(until: now.addingTimeInterval(30)) == 1)
        #expect(
            try await store.expireLeases(now: now.addingTimeInterval(1)).isEmpty,
            "the lease that ran out was moved"
        )
        let moved = try #require(try await store.job(id: ranOut.id))
        #expect(moved.status == .running)
        #expect(abs((moved.leaseExpiresAt ?? .distantPast).timeIntervalSince(now.addingTimeInterval(30))) < 0.01)
        let kept = try await store.job(id: longer.id)?.leaseExpiresAt ?? .distantPast
        #expect(abs(kept.timeIntervalSince(now.addingTimeInterval(600))) < 0.01, "a longer lease is not shortened")
        #expect(try await store.job(id: waiting.id)?.leaseExpiresAt == nil)
        #expect(try await store.expireLeases(now: now.addingTimeInterval(31)).map(\.id) == [ranOut.id])
    }

    @Test(arguments: StoreKind.allCases) func pagesAreKeyedByIdAndStableUnderInserts(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        var ids: [Int64] = []
        for n in 0..<7 { ids.append(try await store.insert(.sample(owner: n % 2 == 0 ? "alice" : "bob")).id) }
        let alice = ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let first = try await store.jobs(owner: "alice", startingAt: nil, limit: 3)
        #expect(first.map(\.id) == Array(alice.reversed().prefix(3)))
        // New jobs arrive between pages: the next page, keyed by id, neither repeats nor skips.
        for _ in 0..<3 { _ = try await store.insert(.sample()) }
        let second = try await store.jobs(owner: "alice", startingAt: alice[0], limit: 3)
        #expect(second.map(\.id) == [alice[0]])
        let everyone = try await store.jobs(owner: nil, startingAt: ids[4], limit: 10)
        #expect(everyone.map(\.id) == Array(ids[0...4].reversed()))
        #expect(try await store.jobs(owner: nil, startingAt: nil, limit: 2).count == 2)
        #expect(try await store.jobs(owner: "carol", startingAt: nil, limit: 5).isEmpty)
    }
}
