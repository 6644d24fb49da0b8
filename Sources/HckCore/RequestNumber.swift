/// Why a number in a request was refused: the ``CodedError/code`` of a ``RequestNumberError``.
public enum RequestNumberErrorCode: String, ErrorCode {
    /// Not a whole number, or outside its range.
    case notInRange
    /// No finite number of seconds (`nan`, `inf`, garbage).
    case notFinite
    /// A compound value (an event id's `offset:line` list) that is not in its form.
    case malformed
}

/// A number in a request that was refused; its message names the parameter, where it was and the
/// range it must lie in. The server answers it with a 400.
public typealias RequestNumberError = CodedError<RequestNumberErrorCode>

/// The one way a number is read from a request: a query parameter, a header, a path segment, an
/// event id. A whole number must lie in its range, else it is refused with an error that names the
/// parameter and the range (the server's 400); a duration is clamped into its range, but a value that
/// is no finite number (`nan`, `inf`, garbage) is refused too. Nothing converts a caller's `Double`
/// to an integer unchecked: `Int(Double.nan)` traps, and so would the whole server.
///
/// It lives here, apart from the server, so the fuzz target (Sources/hck-fuzz) reaches it without HTTP.
public struct RequestNumber: Sendable {
    /// Where the request carries the number; the refusal says so.
    public enum Place: String, Sendable {
        case query = "query parameter"
        case header
        case path = "path segment"
    }

    /// The parameter's name as the request spells it (`wait`, `Last-Event-ID`, `id`).
    public let name: String
    /// Where it is.
    public let place: Place

    /// A parameter named `name` at `place`.
    public init(name: String, place: Place) {
        self.name = name
        self.place = place
    }

    /// The largest byte position in a log or file a request may name (1 PiB): far past any real
    /// log, and small enough that adding a chunk's length to it cannot overflow.
    public static let positions: ClosedRange<Int> = 0...(1 << 50)
    /// A stored row's id (jobs, groups, keys).
    public static let ids: ClosedRange<Int64> = 1...Int64.max

    /// `text` as a whole number within `range`, or a 400 naming the parameter and the range.
    public func integer<Value: FixedWidthInteger & Sendable>(_ text: String, in range: ClosedRange<Value>)
        throws(RequestNumberError) -> Value
    {
        guard let value = Value(text, radix: 10), range.contains(value) else {
            throw refusal(.notInRange, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `text` as a number of seconds, clamped into `range` (whose bounds are finite, at most a
    /// year), or a 400 when it is no finite number.
    public func seconds(_ text: String, in range: ClosedRange<Double>) throws(RequestNumberError) -> Duration {
        guard let value = Double(text), value.isFinite else {
            throw refusal(
                .notFinite,
                text,
                expected: "a number of seconds from \(range.lowerBound) to \(range.upperBound)"
            )
        }
        let clamped = min(max(value, range.lowerBound), range.upperBound)
        // Finite and at most a year, so the milliseconds fit an Int64 with room to spare.
        return .milliseconds(Int64((clamped * 1000).rounded(.down)))
    }

    /// `o:l,o:l,…` (an event id's or `from=`'s list of log positions: a byte offset and a line
    /// number each), the first `count` entries of it; an empty text is no entry. Offsets and line
    /// numbers are bounded by ``positions``, so sums that follow cannot overflow.
    public func positions(_ text: String, count: Int) throws(RequestNumberError) -> [(offset: Int, line: Int)] {
        guard !text.isEmpty else { return [] }
        var entries: [(offset: Int, line: Int)] = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false).prefix(max(count, 0)) {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw refusal(.malformed, text, expected: "positions 'offset:line,offset:line,…' (as an event's id)")
            }
            entries.append(
                (
                    try integer(String(parts[0]), in: Self.positions),
                    try integer(String(parts[1]), in: 1...Self.positions.upperBound)
                )
            )
        }
        return entries
    }

    /// The refusal of a value that is not what the parameter takes.
    public func refusal(_ code: RequestNumberErrorCode, _ text: String, expected: String) -> RequestNumberError {
        let shown = text.count > 40 ? "\(text.prefix(40))…" : text
        return RequestNumberError(code, "\(place.rawValue) '\(name)' must be \(expected), not '\(shown)'")
    }
}
