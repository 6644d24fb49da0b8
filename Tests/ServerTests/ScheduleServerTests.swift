import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Schedules on real servers over HTTP, with a manual clock given to the server and its ticker
/// looking every 50 ms: the API's answers, a one-minute schedule submitted once per tick and kept
/// across restarts (no tick twice, the missed one after downtime), and two servers on one
/// PostgreSQL submitting each tick once.
@Suite(.postgresCluster) struct ScheduleServerTests {
    static let manifest = "image: debian/stable\ntasks:\n  - a: echo a\n"

    /// Gives the server `clock` and a fast ticker.
    static func ticking(_ clock: ManualWallClock) -> TestServer.Configure {
        {
            $0.scheduleClock = clock.wallClock
            $0.scheduleInterval = .milliseconds(50)
        }
    }

    /// Alice's jobs once `count` are there (a ticker has had time to submit them), then again after a
    /// few more passes of the ticker, so that a tick submitted twice shows.
    static func jobs(of client: APIClient, settlingAt count: Int) async throws -> [JobView] {
        let deadline = ContinuousClock.now + .seconds(20)
        while try await client.jobs().count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(500))
        return try await client.jobs()
    }

    @Test func theAPIAddsListsAndRemovesSchedulesAndSaysWhatIsWrong() async throws {
        let dir = try TemporaryDirectory()
        let clock = ManualWallClock(ManualWallClock.at("2026-12-01 12:00"))
        try await TestServer.inRouter(directory: dir, configure: Self.ticking(clock)) { server in
            try await server.runner.register(TestServer.capacity)
            let added = try await server.alice.addSchedule(
                ScheduleRequest(name: "nightly", cron: "0 3 * * *", manifests: [Self.manifest], tags: ["n"])
            )
            #expect(added.name == "nightly" && added.manifestCount == 1 && added.tags == ["n"])
            #expect(added.nextTick == ManualWallClock.at("2026-12-02 03:00") && added.lastTick == nil)
            #expect(try await server.alice.schedules().map(\.name) == ["nightly"])
            #expect(try await server.bob.schedules().isEmpty)

            let duplicate = try await #require(throws: ClientError.self) {
                try await server.alice.addSchedule(
                    ScheduleRequest(name: "nightly", cron: "@daily", manifests: [Self.manifest])
                )
            }
            #expect(duplicate.status == 409 && duplicate.message.contains("already has a schedule named 'nightly'"))
            let cron = try await #require(throws: ClientError.self) {
                try await server.alice.addSchedule(
                    ScheduleRequest(name: "x", cron: "61 * * * *", manifests: [Self.manifest])
                )
            }
            #expect(cron.status == 400 && cron.message.contains("the minute field '61'"))
            let invalid = try await #require(throws: ClientError.self) {
                try await server.alice.addSchedule(
                    ScheduleRequest(
                        name: "x",
                        cron: "@daily",
                        manifests: ["image: debian/stable\ntasks:\n  - Bad Name: x\n"]
                    )
                )
            }
            #expect(invalid.status == 400 && invalid.diagnostics.first?.hasPrefix("manifest:3:") == true)

            let bobs = try await #require(throws: ClientError.self) { try await server.bob.removeSchedule("nightly") }
            #expect(bobs.status == 404 && bobs.message.contains("no schedule named 'nightly'"))
            try await server.alice.removeSchedule("nightly")
            #expect(try await server.alice.schedules().isEmpty)
            let anonymous = try await #require(throws: ClientError.self) { try await server.anonymous.schedules() }
            #expect(anonymous.status == 401)
        }
    }

    @Test func aOneMinuteScheduleIsSubmittedOncePerTickAcrossRestarts() async throws {
        let dir = try TemporaryDirectory()
        let clock = ManualWallClock(ManualWallClock.at("2026-12-01 12:00:10"))
        try await TestServer.with(directory: dir, configure: Self.ticking(clock)) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.addSchedule(
                ScheduleRequest(name: "minutely", cron: "* * * * *", manifests: [Self.manifest], note: "every minute")
            )
            #expect(try await Self.jobs(of: server.alice, settlingAt: 0).isEmpty, "no tick before the first minute")
            clock.set(ManualWallClock.at("2026-12-01 12:01:02"))
            let first = try await Self.jobs(of: server.alice, settlingAt: 1)
            #expect(first.count == 1)
            #expect(first.first?.note?.contains("schedule minutely (* * * * *), tick 2026-12-01T12:01:00Z") == true)
            #expect(first.first?.groupId != nil && first.first?.status == .queued)
            clock.set(ManualWallClock.at("2026-12-01 12:02:01"))
            #expect(try await Self.jobs(of: server.alice, settlingAt: 2).count == 2)
        }
        // A restart within the same minute: that tick was submitted already.
        try await TestServer.with(directory: dir, configure: Self.ticking(clock)) { server async throws in
            #expect(try await Self.jobs(of: server.alice, settlingAt: 2).count == 2)
            #expect(try await server.alice.schedules().first?.lastTick == ManualWallClock.at("2026-12-01 12:02"))
        }
        // Down for five minutes: one job, for the last tick, saying four were missed.
        clock.set(ManualWallClock.at("2026-12-01 12:07:30"))
        try await TestServer.with(directory: dir, configure: Self.ticking(clock)) { server in
            let jobs = try await Self.jobs(of: server.alice, settlingAt: 3)
            #expect(jobs.count == 3)
            let note = try #require(jobs.first?.note)
            #expect(note.contains("tick 2026-12-01T12:07:00Z"))
            #expect(note.contains("4 earlier ticks were missed"))
        }
    }

    @Test func twoServersOnOnePostgreSQLSubmitEachTickOnce() async throws {
        let clock = ManualWallClock(ManualWallClock.at("2026-12-01 12:00:10"))
        try await TestServer.twoSharingPostgres(configure: Self.ticking(clock)) { first, second, _ in
            try await first.runner.register(TestServer.capacity)
            _ = try await first.alice.addSchedule(
                ScheduleRequest(name: "minutely", cron: "* * * * *", manifests: [Self.manifest])
            )
            #expect(try await second.alice.schedules().map(\.name) == ["minutely"])
            // Both tickers look every 50 ms: each tick is theirs to race for.
            for minute in 1...5 {
                clock.set(ManualWallClock.at(String(format: "2026-12-01 12:%02d:01", minute)))
                let jobs = try await Self.jobs(of: second.alice, settlingAt: minute)
                #expect(jobs.count == minute, "tick \(minute)")
            }
            let ticks = try await first.alice.jobs().compactMap { $0.note?.firstMatch(of: /tick (\S+)/)?.1 }
            #expect(Set(ticks).count == 5)
        }
    }
}
