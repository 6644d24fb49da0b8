import Foundation
import HTTPTypes

/// The one way a number is read from a request: a query parameter, a header, a path segment, an
/// event id. A whole number must lie in its range, else the request is refused with a 400 that
/// names the parameter and the range; a duration is clamped into its range, but a value that is no
/// finite number (`nan`, `inf`, garbage) is refused too. Nothing converts a caller's `Double` to an
/// integer unchecked: `Int(Double.nan)` traps, and so would the whole server.
struct RequestNumber: Sendable {
    /// Where the request carries the number; the refusal says so.
    enum Place: String, Sendable {
        case query = "query parameter"
        case header
        case path = "path segment"
    }

    /// The parameter's name as the request spells it (`wait`, `Last-Event-ID`, `id`).
    let name: String
    /// Where it is.
    let place: Place

    /// The largest byte position in a log or file a request may name (1 PiB): far past any real
    /// log, and small enough that adding a chunk's length to it cannot overflow.
    static let positions: ClosedRange<Int> = 0...(1 << 50)
    /// A stored row's id (jobs, groups, keys).
    static let ids: ClosedRange<Int64> = 1...Int64.max

    /// `text` as a whole number within `range`, or a 400 naming the parameter and the range.
    func integer<Value: FixedWidthInteger & Sendable>(_ text: String, in range: ClosedRange<Value>) throws(APIError)
        -> Value
    {
        guard let value = Value(text, radix: 10), range.contains(value) else {
            throw refusal(text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `text` as a number of seconds, clamped into `range` (whose bounds are finite, at most a
    /// year), or a 400 when it is no finite number.
    func seconds(_ text: String, in range: ClosedRange<Double>) throws(APIError) -> Duration {
        guard let value = Double(text), value.isFinite else {
            throw refusal(text, expected: "a number of seconds from \(range.lowerBound) to \(range.upperBound)")
        }
        let clamped = min(max(value, range.lowerBound), range.upperBound)
        // Finite and at most a year, so the milliseconds fit an Int64 with room to spare.
        return .milliseconds(Int64((clamped * 1000).rounded(.down)))
    }

    /// The 400 for a value that is not what the parameter takes.
    func refusal(_ text: String, expected: String) -> APIError {
        let shown = text.count > 40 ? "\(text.prefix(40))…" : text
        return APIError(.badRequest, "\(place.rawValue) '\(name)' must be \(expected), not '\(shown)'")
    }
}
