import Foundation
import HckCore
import Store
import TestSupport
import Testing
import Wire

/// The secrets-key part of the `JobStore` contract: the fingerprint recorded at first use, and
/// rotation; each test runs once per `StoreKind`.
@Suite(.postgresCluster) struct SecretsKeyContractTests {
    /// Two keys in `dir`.
    static func keys(in dir: TemporaryDirectory) throws -> (SecretBox, SecretBox) {
        (try SecretBox.createKeyFile(at: dir.path("a.key")), try SecretBox.createKeyFile(at: dir.path("b.key")))
    }

    /// A secret of alice's sealed with `box`.
    static func secret(_ name: String, _ value: String, box: SecretBox) throws -> Secret {
        Secret(
            id: UUID(),
            owner: "alice",
            name: name,
            kind: .file,
            path: "~/\(name)",
            mode: 0o600,
            sealed: try box.seal(Data(value.utf8)),
            createdAt: Date()
        )
    }

    /// A repository of alice's whose webhook secret and (when given) API token are sealed with `box`.
    static func repository(_ name: String, secret: String, token: String?, box: SecretBox) throws
        -> RegisteredRepository
    {
        RegisteredRepository(
            id: 0,
            owner: "alice",
            name: name,
            forge: "gitea",
            cloneURL: "https://git.example.com/alice/\(name).git",
            apiURL: token.map { _ in "https://git.example.com/api/v1" },
            sealedSecret: try box.seal(Data(secret.utf8)),
            sealedAPIToken: try token.map { try box.seal(Data($0.utf8)) },
            forkBuilds: .approve,
            createdAt: Date()
        )
    }

    @Test(arguments: StoreKind.allCases) func theFirstKeyIsRecordedAndAnotherIsRefusedNamingBoth(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let (a, b) = try Self.keys(in: dir)
        #expect(a.fingerprint != b.fingerprint && a.fingerprint.hasPrefix("SHA256:"))
        #expect(try await store.secretsKeyFingerprint() == nil)
        try await a.adopt(in: store)
        #expect(try await store.secretsKeyFingerprint() == a.fingerprint)
        let refused = try await #require(throws: SecretError.self) { try await b.adopt(in: store) }
        #expect(refused.code == .otherKey)
        #expect(refused.message.contains(a.fingerprint) && refused.message.contains(b.fingerprint), "\(refused)")
        #expect(try await store.secretsKeyFingerprint() == a.fingerprint, "a refused key records nothing")
        try await a.adopt(in: store)
        #expect(try await store.recordSecretsKey(fingerprint: b.fingerprint, now: Date()) == a.fingerprint)
    }

    @Test(arguments: StoreKind.allCases) func aStoreFromBeforeFingerprintsTakesOnlyTheKeyItsSecretsOpenWith(
        kind: StoreKind
    ) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let (a, b) = try Self.keys(in: dir)
        try await store.addSecret(try Self.secret("netrc", "machine x", box: a))
        #expect(try await store.anySealedSecret() != nil)
        let refused = try await #require(throws: SecretError.self) { try await b.adopt(in: store) }
        #expect(refused.code == .otherKey && refused.message.contains(b.fingerprint), "\(refused)")
        #expect(try await store.secretsKeyFingerprint() == nil)
        try await a.adopt(in: store)
        #expect(try await store.secretsKeyFingerprint() == a.fingerprint)
    }

    @Test(arguments: StoreKind.allCases) func withoutSecretsARepositorysWebhookSecretTellsTheKey(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let (a, b) = try Self.keys(in: dir)
        #expect(try await store.anySealedSecret() == nil)
        _ = try await store.addRepository(try Self.repository("widget", secret: "hook", token: nil, box: a))
        #expect(try a.open(try #require(try await store.anySealedSecret())) == Data("hook".utf8))
        let refused = try await #require(throws: SecretError.self) { try await b.adopt(in: store) }
        #expect(refused.code == .otherKey, "\(refused)")
        try await a.adopt(in: store)
        #expect(try await store.secretsKeyFingerprint() == a.fingerprint)
    }

    @Test(arguments: StoreKind.allCases) func rotationResealsEverySecretInOneTransaction(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let (a, b) = try Self.keys(in: dir)
        try await a.adopt(in: store)
        let values = ["one": "1", "two": "2", "three": "3"]
        for (name, value) in values { try await store.addSecret(try Self.secret(name, value, box: a)) }
        _ = try await store.addRepository(try Self.repository("widget", secret: "hook", token: "token", box: a))
        _ = try await store.addRepository(try Self.repository("gadget", secret: "hook 2", token: nil, box: a))
        let repositoryValues = ["widget": ("hook", "token"), "gadget": ("hook 2", nil)]
        // Whether both repositories' sealed values open with `box` to what they were.
        func repositoriesOpen(with box: SecretBox) async throws -> Bool {
            let repositories = try await store.repositories(owner: "alice")
            return try repositories.count == 2
                && repositories.allSatisfy { repository in
                    let (secret, token) = try #require(repositoryValues[repository.name])
                    return try box.open(repository.sealedSecret) == Data(secret.utf8)
                        && (try repository.sealedAPIToken.map { try box.open($0) }) == token.map { Data($0.utf8) }
                }
        }
        #expect(try await repositoriesOpen(with: a))

        let conflict = try await #require(throws: StoreError.self, "the recorded key is a's, not b's") {
            try await store.resealSecrets(from: b.fingerprint, to: a.fingerprint, now: Date()) { $0 }
        }
        #expect(conflict.code == .conflict && conflict.message.contains(a.fingerprint), "\(conflict)")
        // A secret's value fails, then a repository's token (re-sealed after every secret).
        for failingValue in ["2", "token"] {
            let failing = try await #require(throws: (any Error).self, "a reseal that fails changes nothing") {
                try await store.resealSecrets(from: a.fingerprint, to: b.fingerprint, now: Date()) { sealed in
                    let value = try a.open(sealed)
                    if value == Data(failingValue.utf8) { throw SecretError(.badKey, "test: this one fails") }
                    return try b.seal(value)
                }
            }
            #expect("\(failing)".contains("test: this one fails"), "\(failing)")
            #expect(try await store.secretsKeyFingerprint() == a.fingerprint)
            for secret in try await store.secrets(owner: "alice") {
                #expect(try a.open(secret.sealed) == Data(values[secret.name, default: ""].utf8))
            }
            #expect(try await repositoriesOpen(with: a))
        }

        let count = try await store.resealSecrets(from: a.fingerprint, to: b.fingerprint, now: Date()) {
            try b.seal(try a.open($0))
        }
        #expect(count == 6, "3 secrets, 2 webhook secrets and 1 API token")
        #expect(try await store.secretsKeyFingerprint() == b.fingerprint)
        for secret in try await store.secrets(owner: "alice") {
            #expect(try b.open(secret.sealed) == Data(values[secret.name, default: ""].utf8))
            #expect(throws: SecretError.self) { try a.open(secret.sealed) }
        }
        #expect(try await repositoriesOpen(with: b))
        for repository in try await store.repositories(owner: "alice") {
            #expect(throws: SecretError.self) { try a.open(repository.sealedSecret) }
            if let token = repository.sealedAPIToken { #expect(throws: SecretError.self) { try a.open(token) } }
        }
        try await b.adopt(in: store)
        await #expect(throws: SecretError.self) { try await a.adopt(in: store) }
    }
}
