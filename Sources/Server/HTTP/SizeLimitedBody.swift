import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import NIOCore
import Store
import Wire

/// A request body that fails as soon as more than `limit` bytes have arrived, so an upload is never
/// written past the limit (the writer then removes what it wrote and answers ``tooLarge``).
struct SizeLimitedBody: AsyncSequence {
    typealias Element = ByteBuffer

    let body: RequestBody
    let limit: Int64
    /// What is being uploaded, for the error (e.g. `artifact 'out.tar'`).
    let what: String
    /// Whether the limit was passed: file writers wrap the errors of the sequence they consume, so the
    /// caller asks here rather than matching the error it gets.
    let overflow = Overflow()

    /// Set once the body passed its limit.
    actor Overflow {
        private(set) var happened = false

        func record() {
            happened = true
        }
    }

    /// The 413 for this upload, naming the limit and what to do.
    var tooLarge: APIError {
        APIError(
            .contentTooLarge,
            "\(what) is larger than this server's limit of \(Self.describe(limit)); make it smaller, or raise "
                + "`hck server --artifact-size-limit`"
        )
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        var received: Int64 = 0
        let limit: Int64
        let error: APIError
        let overflow: Overflow

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            received += Int64(buffer.readableBytes)
            guard received <= limit else {
                await overflow.record()
                throw error
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), limit: limit, error: tooLarge, overflow: overflow)
    }

    /// `1 GiB (1073741824 bytes)`, `512 KiB (524288 bytes)`, `100 bytes`.
    static func describe(_ bytes: Int64) -> String {
        for (unit, size) in [("GiB", Int64(1) << 30), ("MiB", Int64(1) << 20), ("KiB", Int64(1) << 10)]
        where bytes >= size && bytes % size == 0 {
            return "\(bytes / size) \(unit) (\(bytes) bytes)"
        }
        return "\(bytes) bytes"
    }
}
