import Foundation
import Manifest
public import Wire

/// What jobs uploaded: names and sizes (the bytes live beside the store).
public protocol ArtifactStore: Sendable {
    /// Records an artifact stored under the data directory.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - artifact: its record.
    func addArtifact(id: Int64, artifact: Artifact) async throws
    /// A job's artifacts.
    /// - Parameter id: the job's id.
    func artifacts(id: Int64) async throws -> [Artifact]
}
