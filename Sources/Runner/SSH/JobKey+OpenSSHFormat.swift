import Crypto
import Foundation

extension JobKey {
    /// The private key in OpenSSH's own file format (`-----BEGIN OPENSSH PRIVATE KEY-----`),
    /// unencrypted, so `ssh -i FILE` can use it.
    /// - Parameter comment: the comment stored with the key.
    public func openSSHPrivateKeyFile(comment: String = "hck-job") -> String {
        let publicKey = [UInt8](privateKey.publicKey.rawRepresentation)
        var publicBlob: [UInt8] = []
        publicBlob.appendSSHString(Array("ssh-ed25519".utf8))
        publicBlob.appendSSHString(publicKey)

        var secret: [UInt8] = []
        let check = UInt32.random(in: .min ... .max)
        secret.appendSSHUInt32(check)
        secret.appendSSHUInt32(check)
        secret.appendSSHString(Array("ssh-ed25519".utf8))
        secret.appendSSHString(publicKey)
        secret.appendSSHString(seed + publicKey)
        secret.appendSSHString(Array(comment.utf8))
        var pad: UInt8 = 1
        while secret.count % 8 != 0 {
            secret.append(pad)
            pad += 1
        }

        var blob = Array("openssh-key-v1".utf8) + [0]
        blob.appendSSHString(Array("none".utf8))  // cipher
        blob.appendSSHString(Array("none".utf8))  // kdf
        blob.appendSSHString([])  // kdf options
        blob.appendSSHUInt32(1)  // number of keys
        blob.appendSSHString(publicBlob)
        blob.appendSSHString(secret)

        let base64 = Data(blob).base64EncodedString()
        var lines = ["-----BEGIN OPENSSH PRIVATE KEY-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append("-----END OPENSSH PRIVATE KEY-----")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension [UInt8] {
    fileprivate mutating func appendSSHUInt32(_ value: UInt32) {
        append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
    }

    fileprivate mutating func appendSSHString(_ bytes: [UInt8]) {
        appendSSHUInt32(UInt32(bytes.count))
        append(contentsOf: bytes)
    }
}
