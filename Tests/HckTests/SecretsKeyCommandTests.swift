import Foundation
import HckCore
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// `hck admin secrets-key new|rotate` and `hck server --secrets-key-file` as operators run them.
@Suite struct SecretsKeyCommandTests {
    /// Runs hck with `environment` added to a bare one (no HCK_* variable of the test's own).
    static func hck(_ arguments: [String], environment: [String: String] = [:]) async throws
        -> (status: Int32, output: String)
    {
        let base = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path]
        return try await ChildProcess.run(
            try BuiltProducts.hck,
            arguments,
            environment: base.merging(environment) { $1 }
        )
    }

    @Test func keysAreMadeRotatedAndAServerWithTheOldKeyRefusesToStart() async throws {
        let dir = try TemporaryDirectory()
        let (oldFile, newFile) = (dir.path("old.key"), dir.path("new.key"))
        let made = try await Self.hck(["admin", "secrets-key", "new", oldFile])
        #expect(made.status == 0, "\(made.output)")
        let old = try SecretBox(keyFile: oldFile)
        #expect(made.output.trimmingCharacters(in: .whitespacesAndNewlines) == old.fingerprint)
        let attributes = try FileManager.default.attributesOfItem(atPath: oldFile)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((attributes[.size] as? NSNumber)?.intValue == 32)
        let again = try await Self.hck(["admin", "secrets-key", "new", oldFile])
        #expect(again.status != 0 && again.output.contains(oldFile), "never over an existing key: \(again.output)")
        #expect(try SecretBox(keyFile: oldFile).fingerprint == old.fingerprint)
        #expect(try await Self.hck(["admin", "secrets-key", "new", newFile]).status == 0)
        let new = try SecretBox(keyFile: newFile)

        // A store whose secret is sealed with the old key, recorded at its first use.
        let data = dir.path("data")
        let store = try DataDirectory(path: data).openStore()
        try await store.addSecret(
            Secret(
                id: UUID(),
                owner: "alice",
                name: "netrc",
                kind: .file,
                path: "~/.netrc",
                mode: 0o600,
                sealed: try old.seal(Data("machine x".utf8)),
                createdAt: Date()
            )
        )
        try await old.adopt(in: store)

        let rotated = try await Self.hck(
            ["admin", "secrets-key", "rotate", "--data", data, "--to", newFile],
            environment: ["HCK_SECRETS_KEY_FILE": oldFile]
        )
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.output.contains("re-sealed 1 sealed value: \(old.fingerprint) -> \(new.fingerprint)"))
        let secret = try #require(try await store.secrets(owner: "alice").first)
        #expect(try new.open(secret.sealed) == Data("machine x".utf8))

        let refused = try await Self.hck([
            "server", "--port", String(try LoopbackPort.free()), "--data", data, "--secrets-key-file", oldFile,
        ])
        #expect(refused.status != 0)
        #expect(refused.output.contains(old.fingerprint) && refused.output.contains(new.fingerprint), "\(refused)")

        let port = try LoopbackPort.free()
        let server = try await HckProcess(
            ["server", "--port", String(port), "--data", data],
            environment: ["HCK_SECRETS_KEY_FILE": newFile],
            log: URL(fileURLWithPath: dir.path("server.log"))
        )
        try await server.waitFor("listening on", timeout: .seconds(120))
        #expect(server.output.contains(new.fingerprint), "the server logs which key it seals with")
        server.signal(SIGTERM)
        #expect(await server.exitStatus(within: .seconds(60)) == 0, "\(server.output)")
    }
}
