public import Foundation
public import Server
import Synchronization

/// A calendar clock that moves only when a test sets it, for schedules: the test decides when a
/// cron tick comes, also for a real server (`APIServer.Configuration.scheduleClock`).
package final class ManualWallClock: Sendable {
    private let current: Mutex<Date>

    /// A clock showing `date`.
    package init(_ date: Date) {
        current = Mutex(date)
    }

    /// The time it shows.
    package var now: Date { current.withLock { $0 } }

    /// Shows `date` from now on.
    package func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    /// The clock for a server or a `JobService`.
    package var wallClock: WallClock {
        WallClock { [self] in now }
    }

    /// `2026-12-02 03:00` (or with seconds, `03:00:30`), in UTC.
    package static func at(_ text: String) -> Date {
        let full = text.count == 16 ? text + ":00" : text
        return ISO8601DateFormatter().date(from: full.replacingOccurrences(of: " ", with: "T") + "Z")!
    }
}
