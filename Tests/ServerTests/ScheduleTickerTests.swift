import Foundation
import Logging
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The schedule ticker and the schedule rules of `JobService`, against a real SQLite store with a
/// manual clock: each tick is submitted once as one group, after downtime only the last with a note
/// counting the missed ones, and a second server on the same store submits nothing a first one did.
@Suite struct ScheduleTickerTests {
    /// A store with user alice and a runner offering debian/stable, and the job rules over it.
    struct Fixture {
        let store: SQLiteJobStore
        let clock: ManualWallClock
        let alice: User
        let directory: TemporaryDirectory

        init() async throws {
            directory = try TemporaryDirectory()
            store = try SQLiteJobStore(path: directory.path("hck.sqlite"))
            clock = ManualWallClock(ManualWallClock.at("2026-12-01 12:00"))
            alice = try await store.createUser(name: "alice", role: .user, tokenHash: "alice-token-hash")
            try await store.register(runner: RunnerRecord(name: "r1", capacity: TestServer.capacity), now: Date())
        }

        /// The job rules of one server over the store.
        func jobs() throws -> JobService {
            JobService(
                store: store,
                dispatcher: Dispatcher(store: store),
                secretBox: try SecretBox(creatingIfMissing: directory.path("secrets.key")),
                baseURL: "http://hck.test",
                triggers: TriggerQueue(),
                metrics: ServerMetrics(),
                clock: clock.wallClock
            )
        }

        /// A server's ticker.
        func ticker() throws -> ScheduleTicker {
            ScheduleTicker(jobs: try jobs(), logger: Logger(label: "schedule-test"))
        }
    }

    static let twoManifests = [
        "image: debian/stable\ntasks:\n  - a: echo a\n", "image: debian/stable\ntasks:\n  - b: echo b\n",
    ]

    @Test func eachTickIsSubmittedOnceAsOneGroupAndOnlyTheLastAfterDowntime() async throws {
        let fixture = try await Fixture()
        let jobs = try fixture.jobs()
        let request = ScheduleRequest(
            name: "nightly",
            cron: "0 3 * * *",
            manifests: Self.twoManifests,
            tags: ["nightly"],
            note: "full build"
        )
        let added = try await jobs.addSchedule(request, by: fixture.alice)
        #expect(added.createdAt == ManualWallClock.at("2026-12-01 12:00") && added.lastTick == nil)
        let ticker = try fixture.ticker()

        fixture.clock.set(ManualWallClock.at("2026-12-02 02:59:59"))
        #expect(try await ticker.tick().isEmpty)
        fixture.clock.set(ManualWallClock.at("2026-12-02 03:00:10"))
        let first = try await ticker.tick()
        #expect(first.count == 1)
        let group = try #require(first.first)
        #expect(group.owner == "alice" && group.jobIDs.count == 2)
        #expect(group.note?.hasPrefix("full build\n\nschedule nightly (0 3 * * *), tick 2026-12-02T03:00:00Z") == true)
        for id in group.jobIDs {
            let job = try #require(try await fixture.store.job(id: id))
            #expect(job.status == .queued && job.owner == "alice" && job.tags == ["nightly"])
            #expect(job.groupID == group.id && job.note == group.note)
        }
        #expect(
            try await fixture.store.jobs(owner: "alice", startingAt: nil, limit: 10).map(\.manifest).sorted()
                == Self.twoManifests
        )

        // The same tick again, and the same tick from a second server on the store: nothing.
        #expect(try await ticker.tick().isEmpty)
        #expect(try await fixture.ticker().tick().isEmpty)

        // Down from the 2nd until the 6th at 10:00: only the 6th's tick, saying three were missed.
        fixture.clock.set(ManualWallClock.at("2026-12-06 10:00"))
        let late = try await fixture.ticker().tick()
        #expect(late.count == 1)
        let note = try #require(late.first?.note)
        #expect(note.contains("tick 2026-12-06T03:00:00Z"))
        #expect(note.hasSuffix("3 earlier ticks were missed while no server ran; only this last one is submitted"))
        #expect(try await ticker.tick().isEmpty)
        #expect(try await fixture.store.jobCount(owner: "alice") == 4)
        #expect(
            try await fixture.store.schedules(owner: "alice").first?.lastTick == ManualWallClock.at("2026-12-06 03:00")
        )
    }

    @Test func aTickThatCannotBeSubmittedIsSkippedAndTheOthersGoOn() async throws {
        let fixture = try await Fixture()
        var both = TestServer.capacity
        both.images.append("alpine/edge")
        try await fixture.store.register(runner: RunnerRecord(name: "r1", capacity: both), now: Date())
        let jobs = try fixture.jobs()
        _ = try await jobs.addSchedule(
            ScheduleRequest(name: "alpine", cron: "@hourly", manifests: ["image: alpine/edge\ntasks:\n  - a: echo\n"]),
            by: fixture.alice
        )
        _ = try await jobs.addSchedule(
            ScheduleRequest(name: "hourly", cron: "@hourly", manifests: [Self.twoManifests[0]]),
            by: fixture.alice
        )
        // No runner offers alpine/edge any more: that tick is refused (and logged), the other submitted.
        try await fixture.store.register(runner: RunnerRecord(name: "r1", capacity: TestServer.capacity), now: Date())
        fixture.clock.set(ManualWallClock.at("2026-12-01 13:00:05"))
        let submitted = try await fixture.ticker().tick()
        #expect(submitted.count == 1 && submitted.first?.note?.contains("schedule hourly") == true)
        #expect(try await fixture.store.jobCount(owner: "alice") == 1)
        // Its tick stays claimed: it is not tried again until the next one.
        #expect(try await fixture.ticker().tick().isEmpty)
    }

    @Test func addingSaysWhatIsWrongAndWhere() async throws {
        let fixture = try await Fixture()
        let jobs = try fixture.jobs()
        func refusal(_ request: ScheduleRequest) async throws -> (String, [String]) {
            do {
                _ = try await jobs.addSchedule(request, by: fixture.alice)
            } catch let error as APIError {
                return (error.message, error.diagnostics ?? [])
            } catch let error as JobError {
                return (error.message, error.diagnostics ?? [])
            }
            Issue.record("\(request.name) was added")
            return ("", [])
        }
        let good = Self.twoManifests
        let cron = try await refusal(ScheduleRequest(name: "n", cron: "0 25 * * *", manifests: good))
        #expect(cron.0.hasPrefix("'cron' cannot be read") && cron.0.contains("hour field '25'"))
        let fields = try await refusal(ScheduleRequest(name: "n", cron: "0 3 * *", manifests: good))
        #expect(fields.0.contains("has 4 fields"))
        let invalid = try await refusal(
            ScheduleRequest(name: "n", cron: "@daily", manifests: [good[0], "image: debian/stable\ntasks: 3\n"])
        )
        #expect(invalid.0.hasPrefix("manifest 2 is invalid"))
        #expect(!invalid.1.isEmpty && invalid.1.allSatisfy { $0.hasPrefix("manifest 2:2:") })
        let image = try await refusal(
            ScheduleRequest(
                name: "n",
                cron: "@daily",
                manifests: [good[0], "image: alpine/edge\ntasks:\n  - a: echo\n"]
            )
        )
        #expect(image.0.hasPrefix("manifest 2: no runner offers the image 'alpine/edge'"))
        let name = try await refusal(ScheduleRequest(name: "night ly", cron: "@daily", manifests: good))
        #expect(name.0.hasPrefix("'name' of schedule 'night ly' must be"))
        let none = try await refusal(ScheduleRequest(name: "n", cron: "@daily", manifests: []))
        #expect(none.0.hasPrefix("'manifests' has 0 manifests"))
        #expect(try await fixture.store.schedules(owner: nil).isEmpty, "nothing refused was kept")

        _ = try await jobs.addSchedule(ScheduleRequest(name: "n", cron: "@daily", manifests: good), by: fixture.alice)
        let twice = try await refusal(ScheduleRequest(name: "n", cron: "@hourly", manifests: good))
        #expect(twice.0.contains("already has a schedule named 'n'"))
        try await jobs.removeSchedule(named: "n", by: fixture.alice)
        await #expect(throws: JobError.self) { try await jobs.removeSchedule(named: "n", by: fixture.alice) }
    }
}
