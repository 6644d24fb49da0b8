import Crypto
public import Foundation
public import HckCore
import Wire

/// Seals secrets at rest with AES-GCM under a 256-bit key kept in a file (mode 600): the data
/// directory's `secrets.key`, or the one `--secrets-key-file` names, which every server sharing a
/// database must be given.
public struct SecretBox: Sendable {
    // SymmetricKey is not Sendable; the raw bytes are, and making a key from them costs nothing.
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }
    /// The file the key came from, for messages.
    public let keyFile: String

    /// Loads the key from `keyFile`, which must exist (``createKeyFile(at:)`` makes one): a key file
    /// named by hand that is missing is a mistake, not a reason to make a fresh key.
    /// - Parameter keyFile: e.g. `/etc/hck/secrets.key`.
    public init(keyFile: String) throws {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw SecretError(
                .badKey,
                "cannot read the secrets key file \(keyFile): make one with `hck admin secrets-key new \(keyFile)`, "
                    + "or copy the one the other servers use"
            )
        }
        guard data.count == 32 else {
            throw SecretError(
                .badKey,
                "\(keyFile) holds \(data.count) bytes, not a 32-byte key; restore it from a backup"
            )
        }
        self.keyBytes = data
        self.keyFile = keyFile
    }

    /// Loads the key from `keyFile`, creating it (mode 600) when missing: the data directory's own key.
    /// - Parameter keyFile: e.g. `DATA/secrets.key`.
    public init(creatingIfMissing keyFile: String) throws {
        if !FileManager.default.fileExists(atPath: keyFile) { try Self.createKeyFile(at: keyFile) }
        try self.init(keyFile: keyFile)
    }

    /// Writes a new random key to `keyFile` (mode 600); fails when the file exists, so no key that
    /// sealed secrets is ever overwritten.
    /// - Parameter keyFile: where the key goes.
    @discardableResult
    public static func createKeyFile(at keyFile: String) throws -> SecretBox {
        let data = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let descriptor = openNewPrivateFile(keyFile)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw SecretError(.badKey, "cannot create the secrets key file \(keyFile): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            throw SecretError(.badKey, "cannot write the secrets key file \(keyFile): \(error.localizedDescription)")
        }
        return try SecretBox(keyFile: keyFile)
    }

    /// The key's fingerprint, `SHA256:` and the base64 of its hash as OpenSSH writes key fingerprints:
    /// it names the key (in the store and in messages) without revealing it.
    public var fingerprint: String {
        let digest = SHA256.hash(data: Data("hck secrets key\n".utf8) + keyBytes)
        return "SHA256:" + Data(digest).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    /// Encrypts a value (nonce, ciphertext and tag together).
    /// - Parameter value: the secret in the clear.
    public func seal(_ value: Data) throws -> Data {
        guard let combined = try AES.GCM.seal(value, using: key).combined else {
            throw SecretError(.badKey, "AES-GCM gave no combined form")
        }
        return combined
    }

    /// Decrypts a sealed value.
    /// - Parameter sealed: what ``seal(_:)`` returned.
    public func open(_ sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key)
        } catch {
            throw SecretError(
                .badKey,
                "a secret does not open with the key in \(keyFile) (\(fingerprint)): \(error); was the key replaced?"
            )
        }
    }
}

/// Opens a file that must not exist yet, made mode 600; -1 (and `errno`) when it cannot.
// At file scope: inside SecretBox, `open` names its own method.
private func openNewPrivateFile(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
}

/// A secret that could not be stored, read or delivered.
public typealias SecretError = CodedError<SecretErrorCode>

/// Which kind of failure a ``SecretError`` is.
public enum SecretErrorCode: String, ErrorCode {
    /// The key file is missing, unreadable or wrong.
    case badKey
    /// The store's secrets are sealed with another key than this one.
    case otherKey
    /// A manifest names a secret its submitter does not have.
    case unknown
}
