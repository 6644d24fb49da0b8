import Foundation

/// A fresh PGP secret key, made with this machine's gpg in a throw-away keyring, for installing
/// as a `pgp_key` secret.
struct TestPGPKey {
    /// The armored secret key (what a user uploads as the secret).
    let armored: String
    /// Its fingerprint, as `gpg --with-colons` prints it.
    let fingerprint: String

    static func make() async throws -> TestPGPKey {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hck-gpg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.path)
        let script = """
            set -e
            export GNUPGHOME=\(home.path)
            gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key 'hck test <hck@localhost>' ed25519 sign never
            gpg --batch --armor --export-secret-keys > \(home.path)/secret.asc
            gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print "FPR:" $10; exit }'
            gpgconf --kill gpg-agent
            """
        let output = try await runTool("/bin/bash", ["-c", script])
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("FPR:") }) else {
            throw ToolFailure(description: "gpg printed no fingerprint: \(output)")
        }
        return TestPGPKey(
            armored: try String(contentsOf: home.appendingPathComponent("secret.asc"), encoding: .utf8),
            fingerprint: String(line.dropFirst(4))
        )
    }
}
