import Foundation
import Server
import Store
import Testing
import Wire

/// `ScheduleDue`: which tick a schedule owes, checked at chosen times (a manual clock), across a
/// restart (the last tick is what the store kept) and after downtime.
@Suite struct ScheduleDueTests {
    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text.replacingOccurrences(of: " ", with: "T") + ":00Z")!
    }

    static func nightly(lastTick: String?) -> Schedule {
        Schedule(
            id: 1,
            owner: "alice",
            name: "nightly",
            cron: "0 3 * * *",
            manifests: ["image: debian/stable\n"],
            tags: [],
            note: "full build",
            createdAt: at("2026-12-01 12:00"),
            lastTick: lastTick.map(at)
        )
    }

    @Test func eachTickIsOwedOnceAndOnlyTheLastAfterDowntime() throws {
        let cron = try CronSchedule(parsing: "0 3 * * *")
        #expect(ScheduleDue.of(Self.nightly(lastTick: nil), cron: cron, now: Self.at("2026-12-02 02:59")) == nil)
        let first = ScheduleDue.of(Self.nightly(lastTick: nil), cron: cron, now: Self.at("2026-12-02 03:00"))
        #expect(first == ScheduleDue(tick: Self.at("2026-12-02 03:00"), missed: 0))
        // After a restart the store's last tick says it was submitted: nothing is owed again.
        #expect(
            ScheduleDue.of(Self.nightly(lastTick: "2026-12-02 03:00"), cron: cron, now: Self.at("2026-12-02 09:00"))
                == nil
        )
        // Down from the 2nd to the 6th: only the 6th's tick, and the note says three were missed.
        let late = try #require(
            ScheduleDue.of(Self.nightly(lastTick: "2026-12-02 03:00"), cron: cron, now: Self.at("2026-12-06 10:00"))
        )
        #expect(late == ScheduleDue(tick: Self.at("2026-12-06 03:00"), missed: 3))
        let note = late.note(for: Self.nightly(lastTick: nil))
        #expect(note.hasPrefix("full build\n\nschedule nightly (0 3 * * *), tick 2026-12-06T03:00:00Z\n"))
        #expect(note.hasSuffix("3 earlier ticks were missed while no server ran; only this last one is submitted"))
        #expect(first?.note(for: Self.nightly(lastTick: nil)).contains("missed") == false)
    }
}
