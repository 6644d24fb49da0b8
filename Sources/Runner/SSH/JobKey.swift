public import Crypto
public import NIOSSH

/// The per-job Ed25519 key the runner logs into the guest with.
///
/// A fresh key per job: its public half goes into the ``VMSpec`` (and from there onto the kernel
/// command line), its private half never leaves the runner unless `hck run --keep` writes it to a
/// file for the user's own `ssh -i`.
public struct JobKey: Sendable {
    /// The 32-byte Ed25519 seed (kept as bytes: the Crypto key type is not `Sendable`).
    public let seed: [UInt8]

    /// A new random key.
    public init() {
        self.seed = [UInt8](Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// An existing key.
    /// - Parameter privateKey: the Ed25519 private key.
    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.seed = [UInt8](privateKey.rawRepresentation)
    }

    /// The private key.
    public var privateKey: Curve25519.Signing.PrivateKey {
        // The seed came from a valid key, so it always makes one.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// The key as NIOSSH uses it for user authentication.
    public var sshPrivateKey: NIOSSHPrivateKey { NIOSSHPrivateKey(ed25519Key: privateKey) }

    /// The OpenSSH `authorized_keys` line: `ssh-ed25519 AAAA… comment`.
    /// - Parameter comment: the comment at the end of the line.
    public func authorizedKeyLine(comment: String = "hck-job") -> String {
        String(openSSHPublicKey: sshPrivateKey.publicKey) + " " + comment
    }
}
