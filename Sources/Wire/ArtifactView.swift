public import Foundation

/// An artifact as listed by the API.
public struct ArtifactView: Codable, Sendable, Hashable {
    /// Its base name.
    public var name: String
    /// Its size in bytes.
    public var size: Int64
    /// When it arrived.
    public var created: Date
    /// Where to download it.
    public var url: String

    /// Makes one from its fields.
    public init(name: String, size: Int64, created: Date, url: String) {
        self.name = name
        self.size = size
        self.created = created
        self.url = url
    }
}
