import Crypto
public import Foundation
public import HckCore
import Wire

/// Seals secrets at rest with AES-GCM under a 256-bit key kept in a file of the data directory (mode 600).
public struct SecretBox: Sendable {
    // SymmetricKey is not Sendable; the raw bytes are, and making a key from them costs nothing.
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Loads the key from `keyFile`, creating it (mode 600) when missing.
    /// - Parameter keyFile: e.g. `DATA/secrets.key`.
    public init(keyFile: String) throws {
        let manager = FileManager.default
        if let data = manager.contents(atPath: keyFile) {
            guard data.count == 32 else {
                throw SecretError(
                    .badKey,
                    "\(keyFile) holds \(data.count) bytes, not a 32-byte key; restore it from a backup"
                )
            }
            keyBytes = data
        } else {
            let fresh = SymmetricKey(size: .bits256)
            let data = fresh.withUnsafeBytes { Data($0) }
            guard manager.createFile(atPath: keyFile, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw SecretError(.badKey, "cannot create the key file \(keyFile); is its directory writable?")
            }
            keyBytes = data
        }
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
            throw SecretError(.badKey, "a secret does not open with this key file (\(error)); was the key replaced?")
        }
    }
}

/// A secret that could not be stored, read or delivered.
public typealias SecretError = CodedError<SecretErrorCode>

/// Which kind of failure a ``SecretError`` is.
public enum SecretErrorCode: String, ErrorCode {
    /// The key file is missing, unreadable or wrong.
    case badKey
    /// A manifest names a secret its submitter does not have.
    case unknown
}
