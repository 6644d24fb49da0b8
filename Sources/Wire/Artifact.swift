public import Foundation

/// A file a job kept, stored under the data directory.
public struct Artifact: Sendable, Hashable, Codable {
    /// The file's base name.
    public var name: String
    /// Its size in bytes.
    public var size: Int64
    /// When it arrived.
    public var createdAt: Date

    /// Creates an artifact record.
    /// - Parameters:
    ///   - name: base name.
    ///   - size: bytes.
    ///   - createdAt: arrival time.
    public init(name: String, size: Int64, createdAt: Date) {
        self.name = name
        self.size = size
        self.createdAt = createdAt
    }
}
