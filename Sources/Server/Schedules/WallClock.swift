public import Foundation

/// The calendar time that schedules go by: the system's, or one a test moves by hand so that a
/// cron tick comes when the test says (`APIServer.Configuration.scheduleClock`).
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that reads `read` for the time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The system's clock.
    public static let system = WallClock { Date() }

    /// The time now.
    public var now: Date { read() }
}
