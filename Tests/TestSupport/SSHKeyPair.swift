import Foundation
import Testing

/// A user's key pair made by OpenSSH's own `ssh-keygen`, with `ssh-keygen -l`'s fingerprint.
package struct SSHKeyPair: Sendable {
    /// The private key's file; the public key is beside it as `FILE.pub`.
    package let file: String
    /// The public key line.
    package let publicLine: String
    /// `SHA256:…`, as `ssh-keygen -l -E sha256` prints it.
    package let fingerprint: String

    /// Makes a key pair of `type` (ed25519, ecdsa, rsa) named `name` in `folder`, commented `name@test`.
    package static func make(_ type: String, name: String, in folder: String) async throws -> SSHKeyPair {
        let file = URL(fileURLWithPath: folder).appendingPathComponent(name).path
        let made = try await ChildProcess.run([
            "ssh-keygen", "-q", "-t", type, "-N", "", "-C", "\(name)@test", "-f", file,
        ])
        #expect(made.status == 0, "ssh-keygen: \(made.output)")
        let listed = try await ChildProcess.run(["ssh-keygen", "-l", "-E", "sha256", "-f", file + ".pub"])
        let fingerprint = try #require(listed.output.split(separator: " ").dropFirst().first)
        return SSHKeyPair(
            file: file,
            publicLine: try String(contentsOfFile: file + ".pub", encoding: .utf8),
            fingerprint: String(fingerprint)
        )
    }
}
