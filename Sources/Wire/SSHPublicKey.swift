import Crypto
public import Foundation
public import HckCore

/// An OpenSSH public key line (`ssh-ed25519 AAAA… comment`), checked and fingerprinted.
///
/// Only the key types hck's SSH gateway (swift-nio-ssh) can verify are accepted: Ed25519 and
/// ECDSA on NIST P-256, P-384 and P-521. RSA and security-key types are refused with a reason.
public struct SSHPublicKey: Sendable, Hashable {
    /// The key types the gateway accepts.
    public static let acceptedTypes = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
    ]

    /// The key type, e.g. `ssh-ed25519`.
    public var type: String
    /// The key in SSH wire format (what the base64 field encodes).
    public var blob: Data
    /// The comment after the key, if any.
    public var comment: String?

    /// Parses one public key line.
    /// - Parameter line: `TYPE BASE64 [COMMENT]`, as in an `id_*.pub` file or `authorized_keys` (without options).
    public init(parsing line: String) throws(SSHKeyError) {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.contains("PRIVATE KEY") {
            throw SSHKeyError(.privateKey, "this is a private key: give the public half (the .pub file next to it)")
        }
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2 else {
            throw SSHKeyError(
                .malformed,
                "expected 'TYPE BASE64 [COMMENT]' as in an id_*.pub file, got '\(text.prefix(40))'"
            )
        }
        let type = String(fields[0])
        guard Self.acceptedTypes.contains(type) else {
            throw SSHKeyError(
                .unsupportedType,
                "key type '\(type.prefix(40))' is not accepted: hck's SSH gateway takes \(Self.acceptedTypes.joined(separator: ", "))"
                    + " (make one with `ssh-keygen -t ed25519`)"
            )
        }
        guard let blob = Data(base64Encoded: String(fields[1])) else {
            throw SSHKeyError(.damaged, "the key's second field is not valid base64")
        }
        var reader = WireReader(blob)
        guard reader.string() == Data(type.utf8) else {
            throw SSHKeyError(.damaged, "the key's data does not start with its type '\(type)': the file is damaged")
        }
        let body =
            type == "ssh-ed25519"
            ? reader.string().map { $0.count == 32 }
            : reader.string().flatMap { _ in reader.string().map { !$0.isEmpty } }
        guard body == true, reader.isAtEnd else {
            throw SSHKeyError(.damaged, "the key's data is not a well-formed \(type) key: the file is damaged")
        }
        self.type = type
        self.blob = blob
        self.comment = fields.count > 2 ? String(fields[2]) : nil
    }

    /// The fingerprint as OpenSSH prints it: `SHA256:` and the unpadded base64 of the blob's SHA-256.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// `TYPE BASE64`, without the comment: what identifies the key.
    public var keyText: String { "\(type) \(blob.base64EncodedString())" }
}

/// A public key that cannot be used: the code says why in short, the message in words.
public typealias SSHKeyError = CodedError<SSHKeyErrorCode>

/// Why a public key line cannot be used.
public enum SSHKeyErrorCode: String, ErrorCode {
    /// It is a private key.
    case privateKey
    /// It is not `TYPE BASE64 [COMMENT]`.
    case malformed
    /// The gateway cannot verify this key type.
    case unsupportedType
    /// The base64 or the key data inside is broken.
    case damaged
}

/// Reads SSH wire-format strings (a 4-byte big-endian length, then the bytes).
private struct WireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) {
        bytes = [UInt8](data)
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func string() -> Data? {
        guard bytes.count - offset >= 4 else { return nil }
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= bytes.count - offset - 4 else { return nil }
        defer { offset += 4 + length }
        return Data(bytes[offset + 4..<offset + 4 + length])
    }
}
