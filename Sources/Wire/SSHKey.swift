public import Foundation

/// A public key a user registered so the SSH gateway lets them into their jobs' kept VMs.
public struct SSHKey: Sendable, Hashable, Codable {
    /// Its number, which `hck key rm` takes.
    public var id: Int64
    /// The owner's name.
    public var owner: String
    /// `TYPE BASE64`.
    public var key: String
    /// The comment from the key file.
    public var comment: String?
    /// `SHA256:…`, as OpenSSH prints it; unique across users.
    public var fingerprint: String
    /// When it was added.
    public var createdAt: Date

    /// Creates a record.
    /// - Parameters:
    ///   - id: its number.
    ///   - owner: the owner's name.
    ///   - key: `TYPE BASE64`.
    ///   - comment: the comment.
    ///   - fingerprint: `SHA256:…`.
    ///   - createdAt: when it was added.
    public init(id: Int64, owner: String, key: String, comment: String?, fingerprint: String, createdAt: Date) {
        self.id = id
        self.owner = owner
        self.key = key
        self.comment = comment
        self.fingerprint = fingerprint
        self.createdAt = createdAt
    }
}

/// `POST /api/keys`: one public key line.
public struct SSHKeyRequest: Codable, Sendable {
    /// The line, as in an `id_*.pub` file.
    public var key: String

    /// Creates a request. - Parameter key: the public key line.
    public init(key: String) {
        self.key = key
    }
}
