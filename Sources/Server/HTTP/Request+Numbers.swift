import HTTPTypes
import HckCore
import Hummingbird

extension Request {
    /// The whole number a query parameter holds, within `range`; nil when the request does not send it.
    /// - Throws: a 400 naming the parameter and its range.
    func integer<Value: FixedWidthInteger & Sendable>(query name: String, in range: ClosedRange<Value>)
        throws(APIError) -> Value?
    {
        guard let text = uri.queryParameters.get(name) else { return nil }
        return try RequestNumber(name: name, place: .query).read { number throws(RequestNumberError) in
            try number.integer(text, in: range)
        }
    }

    /// The whole number a header holds, within `range`; nil when the request does not send it.
    /// - Throws: a 400 naming the header and its range.
    func integer<Value: FixedWidthInteger & Sendable>(header name: HTTPField.Name, in range: ClosedRange<Value>)
        throws(APIError) -> Value?
    {
        guard let text = headers[name] else { return nil }
        return try RequestNumber(name: name.rawName, place: .header).read { number throws(RequestNumberError) in
            try number.integer(text, in: range)
        }
    }

    /// A long-poll's `wait` (or another query parameter in seconds), clamped into `range`;
    /// `absent` seconds when the request does not send it.
    /// - Throws: a 400 when the value is no finite number.
    func seconds(query name: String = "wait", absent: Double, in range: ClosedRange<Double>) throws(APIError)
        -> Duration
    {
        let text = uri.queryParameters.get(name) ?? "\(absent)"
        return try RequestNumber(name: name, place: .query).read { number throws(RequestNumberError) in
            try number.seconds(text, in: range)
        }
    }
}

extension Parameters {
    /// A path segment that names a stored job, group or key by its id (a whole number from 1).
    /// - Throws: a 400 naming the segment when it is not one.
    func id(_ name: String = "id") throws(APIError) -> Int64 {
        let text = get(name) ?? ""
        return try RequestNumber(name: name, place: .path).read { number throws(RequestNumberError) in
            try number.integer(text, in: RequestNumber.ids)
        }
    }
}

extension RequestNumber {
    /// What `parse` reads of this parameter, or its refusal as the 400 that names the parameter.
    func read<Value>(_ parse: (RequestNumber) throws(RequestNumberError) -> Value) throws(APIError) -> Value {
        do {
            return try parse(self)
        } catch {
            throw APIError(.badRequest, error.message, field: name)
        }
    }
}
