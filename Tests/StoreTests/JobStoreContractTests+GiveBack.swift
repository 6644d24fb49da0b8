import Foundation
import Manifest
import Store
import TestSupport
import Testing
import Wire

extension JobStoreContractTests {
    @Test(arguments: StoreKind.allCases) func aJobGivenBackIsQueuedAtOnceWithItsTokensRevoked(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        _ = try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash(Token.generate()))
        let job = try await store.insert(.sample())
        let lease = Date().addingTimeInterval(600)
        let claimed = try #require(try await store.claim(runner: runner, leaseUntil: lease, deadline: .distantFuture))
        #expect(abs(claimed.queuedAt.timeIntervalSince(job.createdAt)) < 0.01, "queued at its submission")
        let token = Token.generate()
        #expect(try await store.addJobToken(id: claimed.job.id, tokenHash: Token.hash(token)))

        #expect(try await store.giveBack(id: job.id, runner: "r2", now: Date()) == nil, "only its runner gives it back")
        #expect(try await store.job(id: job.id)?.status == .running)
        let queued = try #require(try await store.giveBack(id: job.id, runner: "r1", now: Date()))
        #expect(queued.status == .queued && queued.runner == nil && queued.leaseExpiresAt == nil)
        #expect(try await store.user(tokenHash: Token.hash(token)) == nil, "its job token is revoked")
        #expect(try await store.giveBack(id: job.id, runner: "r1", now: Date()) == nil, "a queued job is held by none")
        let again = try #require(try await store.claim(runner: runner, leaseUntil: lease, deadline: .distantFuture))
        #expect(again.job.id == job.id, "another take gets it without waiting for a lease to end")
        #expect(abs(again.queuedAt.timeIntervalSince(queued.updatedAt)) < 0.01, "queued again when given back")
        #expect(again.queuedAt > claimed.queuedAt)
    }
}
