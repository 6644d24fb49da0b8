import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// `hck key add|list|rm` as users run them, against a real server.
@Suite struct KeyCommandTests {
    @Test func keysAreAddedListedAndRemovedAndBadFilesSayWhy() async throws {
        let dir = try TemporaryDirectory()
        let key = try await SSHKeyPair.make("ed25519", name: "id_ed25519", in: dir.url.path)
        try await TestServer.with(directory: dir) { server in
            let token = try await Administration(dataDirectory: server.dataDirectory).issueToken(
                for: "alice",
                role: .user
            )
            func hck(_ arguments: String...) async throws -> (status: Int32, output: String) {
                try await CommandLineTests.hck(arguments, url: server.url, token: token)
            }
            let added = try await hck("key", "add", dir.path("id_ed25519.pub"))
            #expect(added.status == 0)
            #expect(added.output.contains("\t\(key.fingerprint)\tid_ed25519@test"))
            let listed = try await hck("key", "list")
            #expect(listed.output.contains("\(key.fingerprint)\tssh-ed25519\tid_ed25519@test"))

            let privateHalf = try await hck("key", "add", dir.path("id_ed25519"))
            #expect(privateHalf.status != 0)
            #expect(privateHalf.output.contains("private key") && privateHalf.output.contains("id_ed25519.pub"))
            let missing = try await hck("key", "add", dir.path("nope.pub"))
            #expect(missing.status != 0 && missing.output.contains("cannot read"))
            let twice = try await hck("key", "add", dir.path("id_ed25519.pub"))
            #expect(twice.status != 0 && twice.output.contains("already registered"))

            let removed = try await hck("key", "rm", key.fingerprint)
            #expect(removed.status == 0)
            #expect(try await hck("key", "list").output.isEmpty)
            let unknown = try await hck("key", "rm", "SHA256:nothing")
            #expect(unknown.status != 0 && unknown.output.contains("no key with fingerprint"))
        }
    }
}
