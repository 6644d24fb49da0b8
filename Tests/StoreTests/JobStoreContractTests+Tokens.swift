import Client
import Foundation
import Images
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The contract's token revocation and job-scoped tokens, run once per `StoreKind`.
extension JobStoreContractTests {
    @Test(arguments: StoreKind.allCases) func revokedTokensAuthenticateNobodyAndSayWhy(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let (first, second, other) = (Token.generate(), Token.generate(), Token.generate())
        _ = try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash(first))
        try await store.addToken(userName: "alice", tokenHash: Token.hash(second))
        _ = try await store.createUser(name: "r1", role: .runner, tokenHash: Token.hash(other))
        let now = Date(timeIntervalSince1970: 1_800_000_000)

        #expect(try await store.revokeToken(hash: Token.hash(first), reason: "laptop stolen", now: now) == "alice")
        #expect(try await store.user(tokenHash: Token.hash(first)) == nil)
        #expect(
            try await store.revokedToken(hash: Token.hash(first))
                == RevokedToken(userName: "alice", reason: "laptop stolen", revokedAt: now)
        )
        #expect(try await store.revokeToken(hash: Token.hash(first), reason: "again", now: now) == nil)
        #expect(try await store.revokeToken(hash: Token.hash("never issued"), reason: "x", now: now) == nil)
        #expect(try await store.revokedToken(hash: Token.hash("never issued")) == nil)
        #expect(try await store.user(tokenHash: Token.hash(second))?.name == "alice")

        #expect(try await store.revokeTokens(userName: "r1", reason: "retired", now: now) == 1)
        #expect(try await store.user(tokenHash: Token.hash(other)) == nil)
        #expect(try await store.revokedToken(hash: Token.hash(other))?.reason == "retired")
        #expect(try await store.user(tokenHash: Token.hash(second))?.name == "alice")
        #expect(try await store.revokeTokens(userName: "r1", reason: "retired", now: now) == 0)
        await #expect(throws: StoreError.self) {
            try await store.revokeTokens(userName: "nobody", reason: "x", now: now)
        }
        // A user keeps working with a new token after a revocation.
        let fresh = Token.generate()
        try await store.addToken(userName: "r1", tokenHash: Token.hash(fresh))
        #expect(try await store.user(tokenHash: Token.hash(fresh))?.role == .runner)
    }

    @Test(arguments: StoreKind.allCases) func jobTokensActForTheOwnerOnlyWhileTheJobRuns(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        _ = try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash(Token.generate()))
        let job = try await store.insert(.sample())
        let requeued = try await store.insert(.sample())
        let token = Token.generate()
        #expect(try await store.addJobToken(id: job.id, tokenHash: Token.hash(token)) == false)
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(60), deadline: .distantFuture)
        #expect(try await store.addJobToken(id: job.id, tokenHash: Token.hash(token)))
        let holder = try #require(try await store.user(tokenHash: Token.hash(token)))
        #expect(holder.name == "alice")
        #expect(holder.role == .user)
        #expect(holder.jobID == job.id)
        _ = try await store.finish(id: job.id, runner: "r1", status: .success, reason: nil, now: Date())
        #expect(try await store.user(tokenHash: Token.hash(token)) == nil)
        #expect(try await store.revokedToken(hash: Token.hash(token))?.reason.contains("job \(job.id)") == true)

        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(-1), deadline: .distantFuture)
        let second = Token.generate()
        #expect(try await store.addJobToken(id: requeued.id, tokenHash: Token.hash(second)))
        #expect(try await store.expireLeases(now: Date()).map(\.status) == [.queued])
        #expect(try await store.user(tokenHash: Token.hash(second)) == nil)
    }
}
