import Foundation
import GRDB
import HckCore
public import NIOCore
public import Wire
import _NIOFileSystem

/// A SQLite store keeps artifacts as files in the data directory, `artifacts/<job id>/<name>`, recorded in
/// its `artifacts` table. An upload is written under `artifacts/.uploads/` and renamed into place once
/// whole, so a reader never sees part of one.
extension SQLiteJobStore {
    /// See ``ArtifactStore/storeArtifact(id:name:body:limit:)``.
    public func storeArtifact<Body: AsyncSequence>(id: Int64, name: String, body: Body, limit: Int64) async throws
        -> Artifact where Body.Element == ByteBuffer
    {
        let uploads = "\(artifactsDirectory)/.uploads"
        let directory = "\(artifactsDirectory)/\(id)"
        for folder in [uploads, directory] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let partial = "\(uploads)/\(id)-\(UUID().uuidString)"
        let size: Int64
        do {
            size = try await FileSystem.shared.withFileHandle(
                forWritingAt: FilePath(partial),
                options: .newFile(replaceExisting: true)
            ) { file in
                try await file.withBufferedWriter { writer in
                    var size: Int64 = 0
                    // Buffer by buffer (not `write(contentsOf: body)`), so the body's own error comes out as it is.
                    for try await buffer in ArtifactBody(base: body, limit: limit, name: name) {
                        size += Int64(try await writer.write(contentsOf: buffer))
                    }
                    return size
                }
            }
            guard rename(partial, "\(directory)/\(name)") == 0 else {
                throw StoreError(
                    .database,
                    "cannot move job \(id)'s artifact '\(name)' into \(directory): \(String(cString: strerror(errno)))"
                )
            }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        let artifact = Artifact(name: name, size: size, createdAt: Date())
        try await pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO artifacts (job_id, name, size, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, artifact.name, artifact.size, artifact.createdAt.timeIntervalSince1970]
            )
        }
        return artifact
    }

    /// See ``ArtifactStore/artifacts(id:)``.
    public func artifacts(id: Int64) async throws -> [Artifact] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM artifacts WHERE job_id = ? ORDER BY name", arguments: [id]).map {
                Artifact(name: $0["name"], size: $0["size"], createdAt: Date(timeIntervalSince1970: $0["created_at"]))
            }
        }
    }

    /// See ``ArtifactStore/readArtifact(id:name:range:into:)``.
    public func readArtifact(
        id: Int64,
        name: String,
        range: Range<Int64>,
        into write: (ByteBuffer) async throws -> Void
    ) async throws {
        guard try await artifact(id: id, name: name) != nil else {
            throw StoreError(.notFound, "job \(id) has no artifact named '\(name)'")
        }
        let path = "\(artifactsDirectory)/\(id)/\(name)"
        let read = try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { file in
            var read: Int64 = 0
            for try await chunk in file.readChunks(in: range, chunkLength: .bytes(Int64(artifactPieceBytes))) {
                read += Int64(chunk.readableBytes)
                try await write(chunk)
            }
            return read
        }
        guard read == Int64(range.count) else {
            throw StoreError(.conflict, "job \(id)'s artifact '\(name)' changed while it was read")
        }
    }
}
