import Crypto
public import Foundation
public import HckCore
import Store

/// Why the webhook signing key could not be had.
public typealias WebhookKeyError = CodedError<WebhookKeyErrorCode>

/// What kind of failure a ``WebhookKeyError`` is.
public enum WebhookKeyErrorCode: String, ErrorCode {
    /// The key file is unreadable, of the wrong size, or cannot be created.
    case badKey
}

/// Signs webhook deliveries as builds.sr.ht does, so receivers written for it verify hck's
/// unchanged: an Ed25519 signature over the body followed by a fresh nonce, both base64 and
/// text in `X-Payload-Signature` and `X-Payload-Nonce`. The server's public key is at
/// `/api/webhook-key` and in its start-up log.
public struct WebhookSigner: Sendable {
    /// The private key's 32 bytes (swift-crypto's key type is not Sendable).
    private let rawKey: Data

    /// Loads the server's key from `keyFile` (32 raw bytes), creating it (mode 600) when missing.
    /// - Throws: ``WebhookKeyError`` saying what is wrong with the file.
    public init(keyFile: String) throws {
        let manager = FileManager.default
        if let data = manager.contents(atPath: keyFile) {
            do {
                rawKey = try Curve25519.Signing.PrivateKey(rawRepresentation: data).rawRepresentation
            } catch {
                throw WebhookKeyError(
                    .badKey,
                    "\(keyFile) holds \(data.count) bytes, not a 32-byte Ed25519 key; restore it from a backup, or delete it for a new key (receivers must then learn the new public key)"
                )
            }
        } else {
            rawKey = Curve25519.Signing.PrivateKey().rawRepresentation
            guard
                manager.createFile(
                    atPath: keyFile,
                    contents: rawKey,
                    attributes: [.posixPermissions: 0o600]
                )
            else {
                throw WebhookKeyError(
                    .badKey,
                    "cannot create the webhook signing key \(keyFile); is its directory writable?"
                )
            }
        }
    }

    /// The public key, base64 of its 32 bytes: what receivers verify with.
    public var publicKey: String {
        // rawKey came from a valid key, so it makes one again.
        ((try? Curve25519.Signing.PrivateKey(rawRepresentation: rawKey))?.publicKey.rawRepresentation ?? Data())
            .base64EncodedString()
    }

    /// The headers that sign `body`: the signature (base64) and the nonce it covers.
    public func headers(for body: Data) throws -> (signature: String, nonce: String) {
        let nonce = String(Token.generate().prefix(32))  // 16 random bytes, hex
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawKey)
        let signature = try key.signature(for: body + Data(nonce.utf8))
        return (signature.base64EncodedString(), nonce)
    }
}
