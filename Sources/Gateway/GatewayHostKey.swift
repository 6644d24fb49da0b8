import Crypto
import Foundation
public import HckCore
import Images
import NIOSSH

/// The gateway's own Ed25519 host key, made once and kept in the runner's work directory, so users'
/// `known_hosts` stay valid across restarts.
enum GatewayHostKey {
    /// Reads the key at `file`, or makes it (mode 0600) when the file does not exist.
    /// - Parameter file: the key's file (32 raw bytes).
    static func loadOrCreate(at file: URL) throws -> Curve25519.Signing.PrivateKey {
        if let data = try? Data(contentsOf: file) {
            do {
                return try Curve25519.Signing.PrivateKey(rawRepresentation: data)
            } catch {
                throw GatewayError(
                    .hostKey,
                    "\(file.path) is not a gateway host key (32 bytes): \(error); remove it to make a new one"
                )
            }
        }
        let key = Curve25519.Signing.PrivateKey()
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard
            FileManager.default.createFile(
                atPath: file.path,
                contents: key.rawRepresentation,
                attributes: [.posixPermissions: 0o600]
            )
        else { throw GatewayError(.hostKey, "cannot write the gateway host key to \(file.path)") }
        return key
    }
}

/// The SSH gateway could not do something: the code says what, the message where and why.
public typealias GatewayError = CodedError<GatewayErrorCode>

/// What kind of failure a ``GatewayError`` is.
public enum GatewayErrorCode: String, ErrorCode {
    /// The host key file cannot be read or written.
    case hostKey
    /// The gateway cannot listen.
    case listen
}
