public import Foundation

/// A secret as delivered to a runner: the value in the clear, with how to install it.
public struct DeliveredSecret: Sendable, Hashable, Codable {
    /// Its UUID.
    public var id: UUID
    /// Its name.
    public var name: String
    /// How to install it.
    public var kind: SecretKind
    /// Where a `file` secret goes.
    public var path: String?
    /// Its octal mode.
    public var mode: Int?
    /// The value, base64 in JSON.
    public var value: Data

    /// Makes one from its fields.
    public init(id: UUID, name: String, kind: SecretKind, path: String? = nil, mode: Int? = nil, value: Data) {
        self.id = id
        self.name = name
        self.kind = kind
        self.path = path
        self.mode = mode
        self.value = value
    }
}
