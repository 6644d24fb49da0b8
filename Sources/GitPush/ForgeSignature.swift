import Crypto
public import Foundation
public import HckCore

/// Checks that a delivery comes from a forge that knows the repository's webhook secret, as each
/// forge proves it:
/// - GitHub: `X-Hub-Signature-256: sha256=HEX`, the HMAC-SHA256 of the body under the secret;
/// - Gitea and Forgejo: `X-Gitea-Signature: HEX`, the same HMAC without the prefix;
/// - GitLab: `X-Gitlab-Token: SECRET`, the secret itself.
///
/// Every comparison takes the same time whatever the bytes (no early exit on the first difference).
public enum ForgeSignature {
    /// Throws unless `headers` prove `secret` for `body`.
    /// - Parameters:
    ///   - forge: who sent it, which decides the header and its form.
    ///   - headers: the request's header value by lowercase name.
    ///   - body: the request's body, as received.
    ///   - secret: the secret registered for the repository.
    /// - Throws: ``ForgeError`` `unsigned` when the header is missing, `badSignature` when it is wrong.
    public static func verify(forge: Forge, headers: [String: String], body: Data, secret: Data) throws(ForgeError) {
        guard let value = headers[forge.signatureHeader]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw ForgeError(.unsigned, "the delivery has no \(forge.signatureHeader) header")
        }
        let matches: Bool
        switch forge {
        case .gitlab:
            matches = Data(value.utf8).equalsInConstantTime(secret)
        case .github:
            let prefix = "sha256="
            matches =
                value.hasPrefix(prefix)
                && value.dropFirst(prefix.count).lowercased().utf8.equalsInConstantTime(hex(of: body, secret).utf8)
        case .gitea:
            matches = value.lowercased().utf8.equalsInConstantTime(hex(of: body, secret).utf8)
        }
        guard matches else {
            throw ForgeError(.badSignature, "\(forge.signatureHeader) does not match the repository's secret")
        }
    }

    /// The header value `forge` would send for `body` under `secret`: what a forge computes, for tests
    /// and for `hck repo` to show.
    public static func sign(forge: Forge, body: Data, secret: Data) -> String {
        switch forge {
        case .gitlab: String(decoding: secret, as: UTF8.self)
        case .github: "sha256=" + hex(of: body, secret)
        case .gitea: hex(of: body, secret)
        }
    }

    /// The lowercase hex HMAC-SHA256 of `body` under `secret`.
    static func hex(of body: Data, _ secret: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret))
        return mac.lowercaseHex
    }
}
