import HTTPTypes
import Hummingbird

/// One `Range: bytes=…` request resolved against a length (`a-b`, `a-`, `-n`).
struct ByteRange {
    let range: ClosedRange<Int>

    /// The range `header` asks for within `length` bytes.
    /// - Throws: a 416 saying how long the log is (with `Content-Range: bytes */length`).
    init(resolving header: String, length: Int) throws(APIError) {
        guard let resolved = ByteRange(header: header, length: length) else {
            var refusal = APIError(
                .rangeNotSatisfiable,
                "header 'Range' asks for '\(header.prefix(60))', which is not one range of bytes within the "
                    + "\(length) bytes there are"
            )
            refusal.headers[.contentRange] = "bytes */\(length)"
            throw refusal
        }
        self = resolved
    }

    init?(header: String, length: Int) {
        guard header.hasPrefix("bytes="), length > 0 else { return nil }
        let spec = header.dropFirst("bytes=".count)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = Int(spec[..<dash])
        let last = Int(spec[spec.index(after: dash)...])
        switch (first, last) {
        case (let a?, let b?) where a <= b && a < length: range = a...min(b, length - 1)
        case (let a?, nil) where a < length: range = a...(length - 1)
        case (nil, let n?) where n > 0: range = max(0, length - n)...(length - 1)
        default: return nil
        }
    }
}

extension ByteRange {
    /// What `request` asks of `length` bytes: all of them (200), or the one range its `Range` header
    /// names (206, with `Content-Range` added to `headers`).
    /// - Throws: a 416 when the header asks for bytes that are not there.
    static func requested(by request: Request, length: Int, headers: inout HTTPFields) throws(APIError)
        -> (range: Range<Int>, status: HTTPResponse.Status)
    {
        guard let header = request.headers[.range] else { return (0..<length, .ok) }
        let bytes = try ByteRange(resolving: header, length: length)
        headers[.contentRange] = "bytes \(bytes.range.lowerBound)-\(bytes.range.upperBound)/\(length)"
        return (bytes.range.lowerBound..<(bytes.range.upperBound + 1), .partialContent)
    }
}
