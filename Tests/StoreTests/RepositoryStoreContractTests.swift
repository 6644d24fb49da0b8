import Foundation
import HckCore
import Store
import TestSupport
import Testing

/// The repository part of the `JobStore` contract; each test runs once per `StoreKind`.
@Suite(.postgresCluster) struct RepositoryStoreContractTests {
    static func widget(
        owner: String = "alice",
        name: String = "widget",
        forge: String = "gitea",
        cloneURL: String = "https://git.example.com/alice/widget.git",
        withAPI: Bool = true
    ) -> RegisteredRepository {
        RegisteredRepository(
            id: 0,
            owner: owner,
            name: name,
            forge: forge,
            cloneURL: cloneURL,
            apiURL: withAPI ? "https://git.example.com/api/v1" : nil,
            // Every byte value, and a zero byte first, so that nothing on the way treats them as text.
            sealedSecret: Data([0, 255, 1] + (0...255).map(UInt8.init)),
            sealedAPIToken: withAPI ? Data([0xDE, 0xAD, 0, 0xBE, 0xEF]) : nil,
            forkBuilds: .approve,
            createdAt: Date(timeIntervalSince1970: 1_800_000_000)
        )
    }

    @Test(arguments: StoreKind.allCases) func repositoriesBelongToTheirOwnerByName(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let added = try await store.addRepository(Self.widget())
        var expected = Self.widget()
        expected.id = added.id
        #expect(added == expected)
        let refused = try await #require(throws: StoreError.self) {
            try await store.addRepository(Self.widget(cloneURL: "https://elsewhere.example.com/widget.git"))
        }
        #expect(refused.code == .duplicate)
        #expect(refused.message == "alice already has a repository named 'widget'", "\(refused)")
        let bobs = try await store.addRepository(Self.widget(owner: "bob"))
        #expect(bobs.id != added.id)
        #expect(try await store.repositories(owner: "alice") == [expected])
        #expect(try await store.repositories(owner: "carol") == [])
        #expect(try await store.repositories(owner: nil).map(\.id) == [added.id, bobs.id])
        #expect(try await store.removeRepository(owner: "alice", name: "gadget") == false)
        #expect(try await store.removeRepository(owner: "carol", name: "widget") == false)
        #expect(try await store.removeRepository(owner: "alice", name: "widget"))
        #expect(try await store.removeRepository(owner: "alice", name: "widget") == false)
        #expect(try await store.repositories(owner: nil).map(\.owner) == ["bob"])
    }

    @Test(arguments: StoreKind.allCases) func sealedBytesAndMissingAPIRoundTripExactly(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let withAPI = try await store.addRepository(Self.widget())
        var plain = Self.widget(name: "plain", withAPI: false)
        plain.forkBuilds = .run
        plain = try await store.addRepository(plain)
        let read = try await store.repositories(owner: "alice")
        #expect(read == [withAPI, plain])
        #expect(read.first?.sealedSecret == Self.widget().sealedSecret)
        #expect(read.first?.sealedAPIToken == Data([0xDE, 0xAD, 0, 0xBE, 0xEF]))
        #expect(read.last?.apiURL == nil && read.last?.sealedAPIToken == nil && read.last?.forkBuilds == .run)
    }

    @Test(arguments: StoreKind.allCases) func aWebhookFindsTheRepositoriesOfItsForgeAndCloneURLs(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let url = "https://git.example.com/alice/widget.git"
        let alices = try await store.addRepository(Self.widget(cloneURL: url))
        let bobs = try await store.addRepository(Self.widget(owner: "bob", name: "fork-of-widget", cloneURL: url))
        _ = try await store.addRepository(Self.widget(name: "on-github", forge: "github", cloneURL: url))
        _ = try await store.addRepository(Self.widget(name: "other", cloneURL: url + "/other"))
        let ssh = try await store.addRepository(Self.widget(name: "ssh", cloneURL: "git@git.example.com:alice/widget"))

        #expect(try await store.repositories(forge: "gitea", cloneURLs: [url]).map(\.id) == [alices.id, bobs.id])
        #expect(
            try await store.repositories(forge: "gitea", cloneURLs: ["git@git.example.com:alice/widget", url])
                .map(\.id) == [alices.id, bobs.id, ssh.id]
        )
        #expect(try await store.repositories(forge: "gitea", cloneURLs: [url.uppercased()]) == [])
        #expect(try await store.repositories(forge: "gitlab", cloneURLs: [url]) == [])
        #expect(try await store.repositories(forge: "gitea", cloneURLs: []) == [])
    }
}
