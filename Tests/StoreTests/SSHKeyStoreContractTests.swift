import Client
import Foundation
import Images
import Server
import Store
import TestSupport
import Testing
import Wire

/// The SSH key and kept-VM part of the `JobStore` contract; each test runs once per `StoreKind`.
@Suite(.postgresCluster) struct SSHKeyStoreContractTests {
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJq2ScaaYU0y0wGi4hKWBbJ5VwfLVjCFSXgkjXrGJ1u alice@laptop"

    @Test(arguments: StoreKind.allCases) func keysBelongToOneUserAndKeptVMsKeepTheirClaim(kind: StoreKind) async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let key = try SSHPublicKey(parsing: Self.ed25519)
        let added = try await store.addSSHKey(owner: "alice", key: key, now: Date())
        #expect(added.comment == "alice@laptop" && added.fingerprint == key.fingerprint)
        await #expect(throws: StoreError.self) { try await store.addSSHKey(owner: "bob", key: key, now: Date()) }
        #expect(try await store.sshKey(fingerprint: key.fingerprint)?.owner == "alice")
        #expect(try await store.sshKeys(owner: "bob").isEmpty)
        #expect(try await store.removeSSHKey(owner: "bob", id: added.id) == false)
        #expect(try await store.removeSSHKey(owner: "alice", id: added.id))
        #expect(try await store.sshKey(fingerprint: key.fingerprint) == nil)

        let job = try await store.insert(.sample())
        #expect(try await store.claimKeptVM(id: job.id) == nil)
        let kept = KeptVM(
            host: "runner.example",
            port: 2222,
            until: Date(timeIntervalSince1970: 2_000_000_000),
            reason: "the job failed"
        )
        try await store.setKeptVM(id: job.id, kept)
        #expect(try await store.keptVM(id: job.id) == kept)
        #expect(try await store.claimKeptVM(id: job.id)?.claimed == true)
        try await store.setKeptVM(id: job.id, kept)
        #expect(try await store.keptVM(id: job.id)?.claimed == true, "a later report keeps the claim")
        try await store.setKeptVM(id: job.id, nil)
        #expect(try await store.keptVM(id: job.id) == nil)
    }
}
