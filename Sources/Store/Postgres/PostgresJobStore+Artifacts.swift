import Foundation
import HckCore
public import NIOCore
import PostgresNIO
public import Wire

/// A PostgreSQL store keeps artifacts' bytes in the database, so every server sharing it serves them: an
/// upload is a blob (`artifact_blobs`) written as chunks of ``artifactPieceBytes`` (`artifact_chunks`),
/// each in its own short transaction (no connection is held while the client sends), and the
/// `artifacts` record points at its blob once it is whole. A blob no record points at is an upload
/// that did not finish; removing it removes its chunks.
extension PostgresJobStore {
    /// Migration 4: the blobs and their chunks.
    static let artifactChunksSchema = [
        """
        CREATE TABLE artifact_blobs (
            id BIGSERIAL PRIMARY KEY,
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            started_at DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE artifact_chunks (
            blob_id BIGINT NOT NULL REFERENCES artifact_blobs (id) ON DELETE CASCADE,
            start_offset BIGINT NOT NULL,
            data BYTEA NOT NULL,
            PRIMARY KEY (blob_id, start_offset)
        )
        """,
        "ALTER TABLE artifacts ADD COLUMN blob_id BIGINT REFERENCES artifact_blobs (id)",
    ]

    /// See ``ArtifactStore/storeArtifact(id:name:body:limit:)``.
    public func storeArtifact<Body: AsyncSequence>(id: Int64, name: String, body: Body, limit: Int64) async throws
        -> Artifact where Body.Element == ByteBuffer
    {
        let blob = try await write("starting job \(id)'s artifact '\(name)'") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO artifact_blobs (job_id, started_at) VALUES (\(id), \(Date().timeIntervalSince1970))
                RETURNING id
                """,
                logger: logger
            ).values(Int64.self).first ?? 0
        }
        do {
            var pending = ByteBuffer()
            var size: Int64 = 0
            for try await buffer in ArtifactBody(base: body, limit: limit, name: name) {
                pending.writeImmutableBuffer(buffer)
                while pending.readableBytes >= artifactPieceBytes,
                    let chunk = pending.readSlice(length: artifactPieceBytes)
                {
                    try await storeChunk(chunk, of: blob, at: size, job: id, name: name)
                    size += Int64(chunk.readableBytes)
                }
                pending.discardReadBytes()
            }
            if pending.readableBytes > 0 {
                try await storeChunk(pending, of: blob, at: size, job: id, name: name)
                size += Int64(pending.readableBytes)
            }
            let artifact = Artifact(name: name, size: size, createdAt: Date())
            try await write("recording job \(id)'s artifact '\(name)'") { [logger, size] connection in
                let former =
                    try await connection.query(
                        "SELECT blob_id FROM artifacts WHERE job_id = \(id) AND name = \(name) FOR UPDATE",
                        logger: logger
                    ).values(Int64?.self).first ?? nil
                try await connection.query(
                    """
                    INSERT INTO artifacts (job_id, name, size, created_at, blob_id)
                    VALUES (\(id), \(name), \(size), \(artifact.createdAt.timeIntervalSince1970), \(blob))
                    ON CONFLICT (job_id, name) DO UPDATE
                    SET size = excluded.size, created_at = excluded.created_at, blob_id = excluded.blob_id
                    """,
                    logger: logger
                )
                if let former {
                    try await connection.query("DELETE FROM artifact_blobs WHERE id = \(former)", logger: logger)
                }
            }
            return artifact
        } catch {
            // Best effort: an upload left by a server that stopped (or a failed removal) is pruned later.
            try? await write("removing job \(id)'s unfinished artifact '\(name)'") { [logger] connection in
                try await connection.query("DELETE FROM artifact_blobs WHERE id = \(blob)", logger: logger)
            }
            throw error
        }
    }

    private func storeChunk(_ chunk: ByteBuffer, of blob: Int64, at offset: Int64, job: Int64, name: String)
        async throws
    {
        try await write("storing job \(job)'s artifact '\(name)' at byte \(offset)") { [logger] connection in
            try await connection.query(
                "INSERT INTO artifact_chunks (blob_id, start_offset, data) VALUES (\(blob), \(offset), \(chunk))",
                logger: logger
            )
        }
    }

    /// See ``ArtifactStore/artifacts(id:)``.
    public func artifacts(id: Int64) async throws -> [Artifact] {
        try await read("listing job \(id)'s artifacts") { [logger] connection in
            try await connection.query("SELECT * FROM artifacts WHERE job_id = \(id) ORDER BY name", logger: logger)
                .records().map {
                    Artifact(
                        name: try $0.value("name"),
                        size: try $0.value("size"),
                        createdAt: Date(timeIntervalSince1970: try $0.value("created_at"))
                    )
                }
        }
    }

    /// See ``ArtifactStore/readArtifact(id:name:range:into:)``: one chunk per query, each its own
    /// transaction, so a long download holds no connection between pieces.
    public func readArtifact(
        id: Int64,
        name: String,
        range: Range<Int64>,
        into write: (ByteBuffer) async throws -> Void
    ) async throws {
        let found = try await read("finding job \(id)'s artifact '\(name)'") { [logger] connection in
            try await connection.query(
                "SELECT blob_id FROM artifacts WHERE job_id = \(id) AND name = \(name)",
                logger: logger
            ).values(Int64?.self).first
        }
        guard let found, let blob = found else {
            throw StoreError(.notFound, "job \(id) has no artifact named '\(name)'")
        }
        var position = range.lowerBound
        while position < range.upperBound {
            let chunk = try await read("reading job \(id)'s artifact '\(name)' at byte \(position)") {
                [logger, position] connection in
                try await connection.query(
                    """
                    SELECT start_offset, data FROM artifact_chunks
                    WHERE blob_id = \(blob) AND start_offset <= \(position)
                    ORDER BY start_offset DESC LIMIT 1
                    """,
                    logger: logger
                ).decode((Int64, ByteBuffer).self).first { _ in true }
            }
            guard let (start, data) = chunk, start + Int64(data.readableBytes) > position else {
                throw StoreError(.conflict, "job \(id)'s artifact '\(name)' changed while it was read")
            }
            let skip = Int(position - start)
            let length = Int(min(Int64(data.readableBytes - skip), range.upperBound - position))
            guard let piece = data.getSlice(at: data.readerIndex + skip, length: length) else { break }
            try await write(piece)
            position += Int64(length)
        }
    }
}
