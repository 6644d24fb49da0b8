public import Foundation

/// A cron expression, `MINUTE HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK`, read as cron reads it, in UTC.
///
/// Each field takes `*`, numbers, ranges `A-B`, steps `*/N` and `A-B/N`, and lists of those; months
/// and days of the week also take their English names' first three letters (`jan`, `mon`), and day
/// of the week 7 is Sunday like 0. When both days are restricted, a day matching either runs (cron's
/// rule). `@hourly`, `@daily` (`@midnight`), `@weekly`, `@monthly` and `@yearly` (`@annually`) stand
/// for their usual expressions.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// Why an expression cannot be read: which field and what is wrong with it.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming the field.
        public var description: String
    }

    /// The expression as written.
    public let description: String
    private let minutes: Set<Int>
    private let hours: Set<Int>
    private let daysOfMonth: Set<Int>
    private let months: Set<Int>
    private let daysOfWeek: Set<Int>
    private let daysOfMonthRestricted: Bool
    private let daysOfWeekRestricted: Bool

    private static let nicknames = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]
    private static let monthNames = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Reads an expression.
    /// - Throws: `ParseError` naming the field that is wrong and why.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let expanded = Self.nicknames[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
        guard fields.count == 5 else {
            throw ParseError(
                description: "cron expression '\(text)' has \(fields.count) fields; "
                    + "it takes 5: minute hour day-of-month month day-of-week (e.g. '0 3 * * *')"
            )
        }
        description = trimmed
        minutes = try Self.field(fields[0], "minute", 0...59, names: [])
        hours = try Self.field(fields[1], "hour", 0...23, names: [])
        daysOfMonth = try Self.field(fields[2], "day of month", 1...31, names: [])
        months = try Self.field(fields[3], "month", 1...12, names: Self.monthNames, firstNamed: 1)
        let weekdays = try Self.field(fields[4], "day of week", 0...7, names: Self.dayNames)
        daysOfWeek = Set(weekdays.map { $0 % 7 })
        daysOfMonthRestricted = !fields[2].hasPrefix("*")
        daysOfWeekRestricted = !fields[4].hasPrefix("*")
    }

    /// Whether the schedule runs in the minute that holds `date`.
    public func matches(_ date: Date) -> Bool {
        let minute = Self.minuteNumber(date)
        let (day, minuteOfDay) = minute.quotientAndRemainder(dividingBy: 1440)
        return runs(onDay: day) && hours.contains(minuteOfDay / 60) && minutes.contains(minuteOfDay % 60)
    }

    /// The latest tick at or before `date` and after `since`, or `nil` when there is none between them.
    public func lastTick(notAfter date: Date, after since: Date) -> Date? {
        let end = Self.minuteNumber(date)
        let start = Self.minuteNumber(since)
        guard end > start else { return nil }
        var day = Self.floorDivide(end, 1440)
        while day * 1440 + 1439 > start {
            if runs(onDay: day) {
                for hour in hours.sorted(by: >) {
                    for minute in minutes.sorted(by: >) {
                        let tick = day * 1440 + hour * 60 + minute
                        if tick <= end { return tick > start ? Self.date(minute: tick) : nil }
                    }
                }
            }
            day -= 1
        }
        return nil
    }

    /// The first tick after `date`, looked for up to `horizon` days ahead (a 29 February that falls on a
    /// Monday can be years away).
    public func nextTick(after date: Date, horizon: Int = 366 * 30) -> Date? {
        let start = Self.minuteNumber(date)
        let first = Self.floorDivide(start, 1440)
        for day in first...(first + horizon) where runs(onDay: day) {
            for hour in hours.sorted() {
                for minute in minutes.sorted() {
                    let tick = day * 1440 + hour * 60 + minute
                    if tick > start { return Self.date(minute: tick) }
                }
            }
        }
        return nil
    }

    /// How many ticks fall after `since` and before `date` (at most `limit`, to bound the count).
    public func ticks(after since: Date, before date: Date, limit: Int = 10_000) -> Int {
        var count = 0
        var cursor = since
        while count < limit, let tick = nextTick(after: cursor), tick < date {
            count += 1
            cursor = tick
        }
        return count
    }

    private func runs(onDay day: Int) -> Bool {
        let (_, month, dayOfMonth) = Self.civil(day: day)
        guard months.contains(month) else { return false }
        let weekday = Self.floorModulo(day + 4, 7)  // 1970-01-01 was a Thursday
        let byMonth = daysOfMonth.contains(dayOfMonth)
        let byWeek = daysOfWeek.contains(weekday)
        if daysOfMonthRestricted && daysOfWeekRestricted { return byMonth || byWeek }
        return byMonth && byWeek
    }

    /// One field's values.
    private static func field(
        _ text: String,
        _ name: String,
        _ range: ClosedRange<Int>,
        names: [String],
        firstNamed: Int = 0
    ) throws(ParseError) -> Set<Int> {
        var values = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            var step = 1
            if pieces.count == 2 {
                guard let number = Int(pieces[1]), number > 0, number <= range.upperBound + 1 else {
                    throw ParseError(
                        description:
                            "the \(name) field '\(text)' has the step '\(pieces[1])': a step is a number from 1"
                    )
                }
                step = number
            }
            let span = pieces[0]
            var low = range.lowerBound
            var high = range.upperBound
            if span != "*" {
                let bounds = span.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                func value(_ word: Substring) throws(ParseError) -> Int {
                    if let number = Int(word), range.contains(number) { return number }
                    if let index = names.firstIndex(of: String(word)) { return index + firstNamed }
                    throw ParseError(
                        description:
                            "the \(name) field '\(text)' has '\(word)': it takes \(range.lowerBound)-\(range.upperBound)"
                            + (names.isEmpty ? "" : " or a name (\(names.joined(separator: " ")))")
                    )
                }
                low = try value(bounds[0])
                high = bounds.count == 2 ? try value(bounds[1]) : (pieces.count == 2 ? range.upperBound : low)
                guard low <= high else {
                    throw ParseError(
                        description: "the \(name) field '\(text)' has the range '\(span)', which runs backwards"
                    )
                }
            }
            values.formUnion(stride(from: low, through: high, by: step))
        }
        return values
    }

    private static func minuteNumber(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 60).rounded(.down))
    }

    private static func date(minute: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(minute) * 60)
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int { Int((Double(a) / Double(b)).rounded(.down)) }
    private static func floorModulo(_ a: Int, _ b: Int) -> Int { ((a % b) + b) % b }

    /// Year, month and day of the day `day` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(day: Int) -> (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let dayOfMonth = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth)
    }
}
