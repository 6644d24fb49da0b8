public import Foundation
public import Wire

/// A user's secret: kept encrypted, delivered only to that user's jobs that enable secrets.
public struct Secret: Sendable, Hashable, Codable {
    /// How the runner installs it in the guest.
    public typealias Kind = SecretKind

    /// Its UUID, which manifests may name.
    public var id: UUID
    /// The owner's name.
    public var owner: String
    /// Its name, which manifests may also use.
    public var name: String
    /// How it is installed.
    public var kind: Kind
    /// Where a `file` secret goes (`~` = the build user's home).
    public var path: String?
    /// The octal mode of a `file` secret.
    public var mode: Int?
    /// The AES-GCM sealed value (nonce, ciphertext and tag).
    public var sealed: Data
    /// When it was added.
    public var createdAt: Date

    /// Creates a secret record.
    /// - Parameters:
    ///   - id: its UUID.
    ///   - owner: the owner's name.
    ///   - name: its name.
    ///   - kind: how it is installed.
    ///   - path: a file secret's path.
    ///   - mode: a file secret's mode.
    ///   - sealed: the sealed value.
    ///   - createdAt: when it was added.
    public init(
        id: UUID,
        owner: String,
        name: String,
        kind: Kind,
        path: String?,
        mode: Int?,
        sealed: Data,
        createdAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.name = name
        self.kind = kind
        self.path = path
        self.mode = mode
        self.sealed = sealed
        self.createdAt = createdAt
    }

}

extension Secret {
    /// Whether a manifest's `secrets` entry names this secret: by name, or by UUID in any case.
    public func isNamed(_ wanted: String) -> Bool {
        name == wanted || id.uuidString.lowercased() == wanted.lowercased()
    }
}
