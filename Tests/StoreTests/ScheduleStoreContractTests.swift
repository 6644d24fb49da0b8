import Foundation
import Store
import TestSupport
import Testing

/// The schedule part of the `JobStore` contract; each test runs once per `StoreKind`.
@Suite(.postgresCluster) struct ScheduleStoreContractTests {
    static func nightly(owner: String = "alice", name: String = "nightly") -> Schedule {
        Schedule(
            id: 0,
            owner: owner,
            name: name,
            cron: "0 3 * * *",
            manifests: ["image: debian/stable\ntasks:\n  - a: make\n", "image: alpine/edge\n"],
            tags: ["nightly"],
            note: "every night",
            createdAt: Date(timeIntervalSince1970: 1_800_000_000),
            lastTick: nil
        )
    }

    @Test(arguments: StoreKind.allCases) func schedulesBelongToTheirOwnerByName(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let added = try await store.addSchedule(Self.nightly())
        var expected = Self.nightly()
        expected.id = added.id
        #expect(added == expected)
        await #expect(throws: StoreError.self) { try await store.addSchedule(Self.nightly()) }
        let bobs = try await store.addSchedule(Self.nightly(owner: "bob"))
        #expect(try await store.schedules(owner: "alice") == [expected])
        #expect(try await store.schedules(owner: nil).map(\.id) == [added.id, bobs.id])
        #expect(try await store.removeSchedule(owner: "alice", name: "weekly") == false)
        #expect(try await store.removeSchedule(owner: "alice", name: "nightly"))
        #expect(try await store.schedules(owner: nil).map(\.owner) == ["bob"])
    }

    @Test(arguments: StoreKind.allCases) func eachTickIsClaimedOnceEvenByServersRacing(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let schedule = try await store.addSchedule(Self.nightly())
        let tick = Date(timeIntervalSince1970: 1_800_010_800)
        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try await store.claimTick(scheduleID: schedule.id, tick: tick) } }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(claims == 1)
        #expect(try await store.schedules(owner: "alice").first?.lastTick == tick)
        #expect(try await store.claimTick(scheduleID: schedule.id, tick: tick.addingTimeInterval(-86_400)) == false)
        #expect(try await store.claimTick(scheduleID: schedule.id, tick: tick.addingTimeInterval(86_400)))
    }
}
