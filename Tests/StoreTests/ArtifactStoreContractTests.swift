import Foundation
import HckCore
import NIOCore
import Store
import TestSupport
import Testing
import Wire

/// The behaviour every `ArtifactStore` must have (the data directory's files for SQLite, chunks in
/// PostgreSQL); each test runs once per `StoreKind`, against a real store.
@Suite(.postgresCluster) struct ArtifactStoreContractTests {
    /// Bytes that differ at every position of a chunk, so a misplaced piece shows.
    static func bytes(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) &+ seed }
    }

    @Test(arguments: StoreKind.allCases) func storesAndReadsBackByteIdenticalWholeAndByRange(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        // Over three of PostgreSQL's chunks, sent in pieces that do not line up with them.
        let content = Self.bytes(3 * artifactPieceBytes + 12_345)
        let stored = try await store.storeArtifact(
            id: job.id,
            name: "out.tar",
            body: Pieces(content, size: 7_001),
            limit: 1 << 30
        )
        #expect(stored.name == "out.tar" && stored.size == Int64(content.count))
        #expect(try await store.artifacts(id: job.id).map(\.name) == ["out.tar"])
        #expect(try await store.artifact(id: job.id, name: "out.tar")?.size == Int64(content.count))

        let (whole, largest) = try await Self.read(store, job.id, "out.tar", 0..<Int64(content.count))
        #expect(whole == content)
        #expect(largest <= artifactPieceBytes, "a reader holds at most a piece at a time")
        let n = Int64(content.count)
        let piece = Int64(artifactPieceBytes)
        for range in [0..<1, n - 1..<n, 5..<piece + 5, piece - 3..<2 * piece + 9, piece..<2 * piece, 10..<10] {
            let (part, _) = try await Self.read(store, job.id, "out.tar", range)
            #expect(part == Array(content[Int(range.lowerBound)..<Int(range.upperBound)]), "bytes \(range)")
        }

        let empty = try await store.storeArtifact(id: job.id, name: "empty", body: Pieces([], size: 1), limit: 10)
        #expect(empty.size == 0)
        #expect(try await Self.read(store, job.id, "empty", 0..<0).bytes.isEmpty)
        #expect(try await store.artifacts(id: job.id).map(\.name) == ["empty", "out.tar"])
    }

    @Test(arguments: StoreKind.allCases) func aNewUploadReplacesTheArtifactOfItsName(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        _ = try await store.storeArtifact(
            id: job.id,
            name: "a.bin",
            body: Pieces(Self.bytes(600_000), size: 65_536),
            limit: 1 << 30
        )
        let second = Self.bytes(1_000, seed: 7)
        _ = try await store.storeArtifact(id: job.id, name: "a.bin", body: Pieces(second, size: 100), limit: 1 << 30)
        #expect(try await store.artifacts(id: job.id).map(\.size) == [1_000])
        #expect(try await Self.read(store, job.id, "a.bin", 0..<1_000).bytes == second)
    }

    @Test(arguments: StoreKind.allCases) func anUploadPastTheLimitOrFailingLeavesNothingAndTheFormerArtifact(
        kind: StoreKind
    ) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        let former = Self.bytes(64 * 1024)
        _ = try await store.storeArtifact(id: job.id, name: "a.bin", body: Pieces(former, size: 4096), limit: 64 * 1024)

        let refusal = await #expect(throws: StoreError.self) {
            try await store.storeArtifact(
                id: job.id,
                name: "a.bin",
                body: Pieces(Self.bytes(600_000, seed: 1), size: 10_000),
                limit: 300_000
            )
        }
        #expect(refusal?.code == .tooLarge)
        #expect(refusal?.message.contains("a.bin") == true)
        #expect(refusal?.message.contains("300000 bytes") == true)

        await #expect(throws: Broken.self) {
            try await store.storeArtifact(
                id: job.id,
                name: "b.bin",
                body: Pieces(Self.bytes(400_000), size: 50_000, failAfter: 5),
                limit: 1 << 30
            )
        }
        #expect(try await store.artifacts(id: job.id).map(\.name) == ["a.bin"])
        #expect(try await Self.read(store, job.id, "a.bin", 0..<Int64(former.count)).bytes == former)
        if case .sqlite = kind {
            let uploads = try FileManager.default.contentsOfDirectory(atPath: dir.path("artifacts/.uploads"))
            #expect(uploads.isEmpty, "no partial upload is left: \(uploads)")
        }
        let missing = await #expect(throws: StoreError.self) {
            try await Self.read(store, job.id, "b.bin", 0..<1)
        }
        #expect(missing?.code == .notFound)
    }

    /// Reads `range` of an artifact; also the largest piece the store handed over.
    static func read(_ store: any ArtifactStore, _ id: Int64, _ name: String, _ range: Range<Int64>) async throws
        -> (bytes: [UInt8], largest: Int)
    {
        var bytes: [UInt8] = []
        var largest = 0
        try await store.readArtifact(id: id, name: name, range: range) { piece in
            largest = max(largest, piece.readableBytes)
            bytes += piece.readableBytesView
        }
        return (bytes, largest)
    }
}

/// What a broken upload's body throws.
struct Broken: Error {}

/// An upload's body: `bytes` in buffers of `size`, failing after `failAfter` buffers when set.
struct Pieces: AsyncSequence {
    typealias Element = ByteBuffer

    let bytes: [UInt8]
    let size: Int
    var failAfter: Int?

    init(_ bytes: [UInt8], size: Int, failAfter: Int? = nil) {
        self.bytes = bytes
        self.size = size
        self.failAfter = failAfter
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let pieces: Pieces
        var offset = 0
        var sent = 0

        mutating func next() async throws -> ByteBuffer? {
            if let failAfter = pieces.failAfter, sent == failAfter { throw Broken() }
            guard offset < pieces.bytes.count else { return nil }
            let end = Swift.min(offset + pieces.size, pieces.bytes.count)
            defer {
                offset = end
                sent += 1
            }
            return ByteBuffer(bytes: pieces.bytes[offset..<end])
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pieces: self)
    }
}
