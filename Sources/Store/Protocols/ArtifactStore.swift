public import Foundation
import HckCore
public import NIOCore
public import Wire

/// What jobs uploaded: the files' bytes and their records. SQLite's store keeps the bytes as files in the
/// data directory, PostgreSQL's in the database in chunks (so every server sharing it serves them).
/// Neither holds a whole artifact in memory: bytes go in as they arrive and come out a piece at a time.
public protocol ArtifactStore: Sendable {
    /// Stores job `id`'s artifact `name` from `body` as its buffers arrive, and records it once the body
    /// ended, in place of an artifact of that name. A body that fails, or brings more than `limit` bytes
    /// (``StoreError`` `tooLarge`, thrown as soon as it does), leaves nothing behind and any former
    /// artifact of that name as it was.
    func storeArtifact<Body: AsyncSequence>(id: Int64, name: String, body: Body, limit: Int64) async throws
        -> Artifact where Body.Element == ByteBuffer
    /// A job's artifacts, by name.
    /// - Parameter id: the job's id.
    func artifacts(id: Int64) async throws -> [Artifact]
    /// Hands the bytes `range` of job `id`'s artifact `name` to `write`, at most ``artifactPieceBytes``
    /// at a time. Fails `notFound` when the job has no such artifact, and `conflict` when the artifact
    /// was replaced or removed before all of the range was read.
    func readArtifact(
        id: Int64,
        name: String,
        range: Range<Int64>,
        into write: (ByteBuffer) async throws -> Void
    ) async throws
}

/// The most bytes of an artifact held at once, by a reader or (PostgreSQL) in one stored chunk.
public let artifactPieceBytes = 256 * 1024

extension ArtifactStore {
    /// Job `id`'s artifact `name`, or nil.
    public func artifact(id: Int64, name: String) async throws -> Artifact? {
        try await artifacts(id: id).first { $0.name == name }
    }
}

/// An upload's body that fails (``StoreError`` `tooLarge`) as soon as more than `limit` bytes arrived.
struct ArtifactBody<Base: AsyncSequence>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer

    let base: Base
    let limit: Int64
    let name: String

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var received: Int64 = 0
        let limit: Int64
        let name: String

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            received += Int64(buffer.readableBytes)
            guard received <= limit else {
                throw StoreError(.tooLarge, "artifact '\(name)' is larger than the limit of \(ByteSize(limit))")
            }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), limit: limit, name: name)
    }
}
