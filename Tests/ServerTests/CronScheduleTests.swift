import Foundation
import Testing
import Wire

/// `CronSchedule`: cron's reading of an expression and its ticks, against fixed dates (a manual
/// clock: every "now" is a date the test chose).
@Suite struct CronScheduleTests {
    /// `2026-MM-DD hh:mm` UTC.
    static func at(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + ":00Z")!
    }

    @Test func theLastTickIsTheLatestOneNotAfterNowAndAfterTheLastRun() throws {
        let nightly = try CronSchedule(parsing: "0 3 * * *")
        #expect(
            nightly.lastTick(notAfter: Self.at("2026-12-05 03:00"), after: Self.at("2026-12-04 03:00"))
                == Self.at("2026-12-05 03:00")
        )
        #expect(nightly.lastTick(notAfter: Self.at("2026-12-05 02:59"), after: Self.at("2026-12-04 03:00")) == nil)
        // Down for three days: only the last missed tick, and the count of those missed before it.
        let last = nightly.lastTick(notAfter: Self.at("2026-12-08 10:00"), after: Self.at("2026-12-04 03:00"))
        #expect(last == Self.at("2026-12-08 03:00"))
        #expect(nightly.ticks(after: Self.at("2026-12-04 03:00"), before: Self.at("2026-12-08 03:00")) == 3)
        #expect(nightly.nextTick(after: Self.at("2026-12-08 03:00")) == Self.at("2026-12-09 03:00"))
    }

    @Test(arguments: [
        ("*/15 * * * *", "2026-12-05 10:44", "2026-12-05 10:30"),
        ("0 9-17/4 * * mon-fri", "2026-12-05 23:00", "2026-12-04 17:00"),  // the 5th is a Saturday
        ("30 2 29 feb *", "2026-12-05 00:00", "2024-02-29 02:30"),
        ("0 0 1,15 * 7", "2026-12-05 00:00", "2026-12-01 00:00"),  // either day: the 1st or a Sunday
        ("@weekly", "2026-12-05 12:00", "2026-11-29 00:00"),
        ("0 12 * jun-aug sun", "2026-12-05 00:00", "2026-08-30 12:00"),
    ])
    func expressionsTickAsCronSays(expression: String, now: String, expected: String) throws {
        let schedule = try CronSchedule(parsing: expression)
        let tick = schedule.lastTick(notAfter: Self.at(now), after: Self.at("2020-01-01 00:00"))
        #expect(tick == Self.at(expected), "\(expression)")
        #expect(tick.map(schedule.matches) == true)
        #expect(schedule.nextTick(after: Self.at(expected).addingTimeInterval(-60)) == Self.at(expected))
    }

    @Test(arguments: [
        ("0 3 * *", "has 4 fields"),
        ("60 * * * *", "the minute field '60' has '60'"),
        ("* * * 13 *", "month"),
        ("*/0 * * * *", "step"),
        ("5-1 * * * *", "runs backwards"),
        ("* * * * funday", "day of week"),
    ])
    func badExpressionsSayWhichFieldAndWhy(expression: String, expected: String) {
        let error = #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(parsing: expression) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }
}
