import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ServerBenchSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A job page's live view: `GET /jobs/:id/events` read to its `end` event. Each `lines` event's
/// rendered lines carry the chunks' stamps; its `offset` says how far into the setup log the page is.
struct SSEFollower: Sendable {
    let client: HTTPClient
    let url: String
    let token: String

    /// Follows the job until the stream ends.
    func run(job: Int64) async throws -> FollowerResult {
        var request = HTTPClientRequest(url: "\(url)/jobs/\(job)/events")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .hours(2))
        guard response.status == .ok else { throw BenchFailure("events of job \(job): \(response.status)") }
        var result = FollowerResult()
        var scanner = StampScanner()
        var pending = ByteBuffer()
        var searched = 0
        for try await var buffer in response.body {
            buffer.withUnsafeReadableBytes { bytes in scanner.scan(bytes) { result.saw($0) } }
            pending.writeBuffer(&buffer)
            while let event = Self.nextEvent(&pending, searched: &searched) {
                if let offset = Self.offset(in: event) { result.bytes = offset }
            }
        }
        return result
    }

    /// Takes one whole event (up to its blank line) off the front of `pending`: its first and last
    /// bytes, enough for its name and its `offset`, without copying the rendered lines between them.
    /// `searched` is how far the bytes were already searched for the blank line.
    private static func nextEvent(_ pending: inout ByteBuffer, searched: inout Int) -> (head: String, tail: String)? {
        let from = max(0, searched - 1)
        let found = pending.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count > from + 1 else { return nil }
            var index = from
            while index + 1 < bytes.count {
                if bytes[index] == 0x0A && bytes[index + 1] == 0x0A { return index }
                index += 1
            }
            return nil
        }
        guard let found else {
            searched = pending.readableBytes
            return nil
        }
        let start = pending.readerIndex
        let length = found + 2
        let head = pending.getString(at: start, length: min(length, 128)) ?? ""
        let tail = pending.getString(at: start + max(0, length - 160), length: min(length, 160)) ?? ""
        pending.moveReaderIndex(forwardBy: length)
        pending.discardReadBytes()
        searched = 0
        return (head, tail)
    }

    /// The `offset` of a `lines` event (the setup log's: the emulated runners write no other), nil for
    /// any other event.
    private static func offset(in event: (head: String, tail: String)) -> Int? {
        guard event.head.hasPrefix("event: lines"),
            let key = event.tail.range(of: "\"offset\":", options: .backwards)
        else { return nil }
        return Int(event.tail[key.upperBound...].prefix { $0.isNumber })
    }
}
