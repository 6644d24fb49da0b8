import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// Secrets: sealed at rest, delivered only to their owner's jobs that enable them.
@Suite struct SecretsTests {
    @Test func secretsAreSealedAndDeliveredOnlyToTheirOwnersJobs() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let value = Data(
                "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-material\n-----END OPENSSH PRIVATE KEY-----\n".utf8
            )
            let info = try await server.alice.addSecret(SecretRequest(name: "deploy", kind: .sshKey, value: value))
            #expect(try await server.alice.secrets().map(\.name) == ["deploy"])
            #expect(try await server.bob.secrets().isEmpty)
            let fileSecret = SecretRequest(
                name: "netrc",
                kind: .file,
                path: "~/.netrc",
                mode: 0o600,
                value: Data("machine x".utf8)
            )
            _ = try await server.alice.addSecret(fileSecret)
            let duplicate = try await #require(throws: ClientError.self) {
                try await server.alice.addSecret(fileSecret)
            }
            #expect(duplicate.status == 409)

            let manifest =
                "image: debian/stable\nsecrets:\n  - deploy\n  - \(info.id.uuidString)\ntasks:\n  - a: echo\n"
            _ = try await server.alice.submit(SubmitRequest(manifest: manifest))
            let delivered = try #require(try await server.runner.take(wait: 5))
            #expect(delivered.secrets.map(\.value) == [value, value])
            #expect(delivered.secrets.first?.kind == .sshKey)

            _ = try await server.alice.submit(SubmitRequest(manifest: manifest, secrets: false))
            let withheld = try #require(try await server.runner.take(wait: 5))
            #expect(withheld.secrets.isEmpty)

            let stolen = try await #require(throws: ClientError.self) {
                try await server.bob.submit(SubmitRequest(manifest: manifest))
            }
            #expect(stolen.status == 400)
            #expect(stolen.message.contains("deploy"))
        }
        for file in ["hck.sqlite", "hck.sqlite-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: dir.path("data/\(file)")))) ?? Data()
            #expect(bytes.range(of: Data("secret-material".utf8)) == nil, "\(file) holds a secret in the clear")
        }
        let key = try FileManager.default.attributesOfItem(atPath: dir.path("data/secrets.key"))
        #expect((key[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
