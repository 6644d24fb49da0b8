import Client
import Foundation
import Images
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The behaviour every `JobStore` must have; each test runs once per `StoreKind`.
@Suite(.postgresCluster) struct JobStoreContractTests {
    let runner = RunnerRecord(
        name: "r1",
        capacity: RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)
    )

    @Test(arguments: StoreKind.allCases) func insertsAndReadsJobsWithTasks(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        #expect(job.status == .queued)
        #expect(job.tasks == [JobTask(name: "build"), JobTask(name: "test")])
        #expect(job.tags == ["hck", "ci"])
        #expect(job.visibility == .unlisted)
        let again = try #require(try await store.job(id: job.id))
        #expect(again == job)
        let pending = try await store.insert(
            {
                var j = NewJob.sample()
                j.execute = false
                return j
            }()
        )
        #expect(pending.status == .pending)
        #expect(try await store.jobs(owner: "alice", startingAt: nil, limit: 10).map(\.id) == [pending.id, job.id])
        #expect(try await store.jobs(owner: "bob", startingAt: nil, limit: 10).isEmpty)
        #expect(try await store.start(id: pending.id)?.status == .queued)
        #expect(try await store.start(id: pending.id) == nil)
        #expect(try await store.statusCounts()[.queued] == 2)
    }

    @Test(arguments: StoreKind.allCases) func claimGivesEachJobOnceAndOnlyToCapableRunners(kind: StoreKind) async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let arm = try await store.insert(.sample(image: "alpine/edge"))
        let first = try await store.insert(.sample())
        let second = try await store.insert(.sample())
        let lease = Date().addingTimeInterval(30)
        let got = try #require(try await store.claim(runner: runner, leaseUntil: lease, deadline: .distantFuture)?.job)
        #expect(got.id == first.id)
        #expect(got.status == .running)
        #expect(got.runner == "r1")
        #expect(try await store.claim(runner: runner, leaseUntil: lease, deadline: .distantFuture)?.job.id == second.id)
        #expect(try await store.claim(runner: runner, leaseUntil: lease, deadline: .distantFuture) == nil)
        #expect(try await store.job(id: arm.id)?.status == .queued)
    }

    @Test(arguments: StoreKind.allCases) func concurrentClaimsNeverShareAJob(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        for _ in 0..<20 { _ = try await store.insert(.sample()) }
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for n in 0..<4 {
                group.addTask {
                    var ids: [Int64] = []
                    let me = RunnerRecord(name: "r\(n)", capacity: runner.capacity)
                    while let job = try await store.claim(
                        runner: me,
                        leaseUntil: Date().addingTimeInterval(30),
                        deadline: .distantFuture
                    )?.job {
                        ids.append(job.id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 20)
        #expect(Set(claimed).count == 20)
    }

    @Test(arguments: StoreKind.allCases) func heartbeatsTasksAndFinish(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(1), deadline: .distantFuture)
        let later = Date().addingTimeInterval(60)
        let beat = try #require(try await store.heartbeat(id: job.id, runner: "r1", leaseUntil: later))
        #expect(abs((beat.leaseExpiresAt ?? .distantPast).timeIntervalSince(later)) < 0.01)
        #expect(try await store.heartbeat(id: job.id, runner: "someone-else", leaseUntil: later) == nil)
        _ = try await store.updateTask(id: job.id, runner: "r1", task: "build", status: .running)
        let updated = try #require(try await store.updateTask(id: job.id, runner: "r1", task: "build", status: .failed))
        #expect(updated.tasks.map(\.status) == [.failed, .pending])
        await #expect(throws: StoreError.self) {
            try await store.updateTask(id: job.id, runner: "r1", task: "nope", status: .running)
        }
        let ended = try #require(
            try await store.finish(id: job.id, runner: "r1", status: .failed, reason: nil, now: Date())
        )
        #expect(ended.status == .failed)
        #expect(ended.tasks.map(\.status) == [.failed, .skipped])
        #expect(ended.runner == nil)
        #expect(try await store.heartbeat(id: job.id, runner: "r1", leaseUntil: later) == nil)
    }

    @Test(arguments: StoreKind.allCases) func expiredLeasesRequeueUnstartedJobsAndFailStartedOnes(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let unstarted = try await store.insert(.sample())
        let started = try await store.insert(.sample())
        let short = Date().addingTimeInterval(-1)
        _ = try await store.claim(runner: runner, leaseUntil: short, deadline: .distantFuture)
        _ = try await store.claim(runner: runner, leaseUntil: short, deadline: .distantFuture)
        _ = try await store.updateTask(id: started.id, runner: "r1", task: "build", status: .running)
        let changed = try await store.expireLeases(now: Date())
        #expect(changed.count == 2)
        let requeued = try #require(try await store.job(id: unstarted.id))
        #expect(requeued.status == .queued)
        #expect(requeued.runner == nil)
        let lost = try #require(try await store.job(id: started.id))
        #expect(lost.status == .failed)
        #expect(lost.reason == "runner lost")
        #expect(lost.tasks.map(\.status) == [.failed, .skipped])
        #expect(try await store.expireLeases(now: Date()).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func cancelEndsWaitingJobsAndFlagsRunningOnes(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let running = try await store.insert(.sample())
        let queued = try await store.insert(.sample())
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(30), deadline: .distantFuture)
        #expect(try await store.cancel(id: queued.id, now: Date())?.status == .cancelled)
        let flagged = try #require(try await store.cancel(id: running.id, now: Date()))
        #expect(flagged.status == .running)
        #expect(flagged.cancelRequested)
        #expect(try await store.cancel(id: 9999, now: Date()) == nil)
    }

    @Test(arguments: StoreKind.allCases) func logsAppendInOrderAndReadFromAnOffset(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("booting\n".utf8)) == 8)
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("make\n".utf8)) == 5)
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("ready\n".utf8)) == 14)
        #expect(try await store.log(id: job.id, task: nil, from: 0) == Data("booting\nready\n".utf8))
        #expect(try await store.log(id: job.id, task: nil, from: 8) == Data("ready\n".utf8))
        #expect(try await store.log(id: job.id, task: nil, from: 99).isEmpty)
        #expect(try await store.logLength(id: job.id, task: nil) == 14)
        #expect(try await store.log(id: job.id, task: nil, from: 10) == Data("ady\n".utf8))
        #expect(try await store.logLength(id: job.id, task: "test") == 0)
        #expect(try await store.log(id: job.id, task: "build", from: 0) == Data("make\n".utf8))
        _ = try await store.storeArtifact(id: job.id, name: "out.tar", body: Pieces([1, 2, 3], size: 2), limit: 3)
        #expect(try await store.artifacts(id: job.id).map(\.name) == ["out.tar"])
    }

    @Test(arguments: StoreKind.allCases) func usersTokensSecretsAndDeliveries(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let token = Token.generate()
        let alice = try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash(token))
        #expect(try await store.user(tokenHash: Token.hash(token)) == alice)
        #expect(try await store.user(tokenHash: Token.hash("wrong")) == nil)
        await #expect(throws: StoreError.self) {
            try await store.createUser(name: "alice", role: .user, tokenHash: Token.hash("x"))
        }
        let second = Token.generate()
        try await store.addToken(userName: "alice", tokenHash: Token.hash(second))
        #expect(try await store.user(tokenHash: Token.hash(second))?.name == "alice")
        let secret = Secret(
            id: UUID(),
            owner: "alice",
            name: "deploy",
            kind: .sshKey,
            path: nil,
            mode: nil,
            sealed: Data([1, 2, 3]),
            createdAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
        try await store.addSecret(secret)
        #expect(try await store.secrets(owner: "alice") == [secret])
        #expect(try await store.secrets(owner: "bob").isEmpty)
        await #expect(throws: StoreError.self) { try await store.addSecret(secret) }
        let job = try await store.insert(.sample())
        let delivery = TriggerDelivery(
            action: "webhook",
            target: "http://127.0.0.1:1/",
            succeeded: false,
            detail: "refused",
            attempts: 3,
            at: Date(timeIntervalSince1970: 1_700_000_000)
        )
        try await store.recordDelivery(id: job.id, delivery)
        #expect(try await store.deliveries(id: job.id) == [delivery])
    }

    @Test(arguments: StoreKind.allCases) func runnersRegisterAndReregister(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        try await store.register(runner: runner, now: Date())
        var bigger = runner
        bigger.capacity.slots = 4
        let registeredAt = Date(timeIntervalSince1970: 1_900_000_000)
        try await store.register(runner: bigger, now: registeredAt)
        let stored = try await store.runners()
        #expect(stored.map(\.name) == [bigger.name] && stored.map(\.capacity) == [bigger.capacity])
        #expect(stored.first?.lastHeardAt == registeredAt, "the store says when it last heard from the runner")
        try await store.heard(runner: bigger.name, now: registeredAt.addingTimeInterval(60))
        #expect(try await store.runners().first?.lastHeardAt == registeredAt.addingTimeInterval(60))
    }

    @Test(arguments: StoreKind.allCases) func endedJobsAndGroupsStayUnfiredUntilMarked(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let ended = try await store.insert(.sample())
        let running = try await store.insert(.sample())
        _ = try await store.cancel(id: ended.id, now: Date())
        #expect(try await store.unfiredTriggers() == [.job(ended.id)])
        let group = try await store.createGroup(owner: "alice", note: nil, triggers: [], jobIDs: [running.id])
        #expect(try await store.claimGroupCompletion(id: group.id) == false)
        _ = try await store.cancel(id: running.id, now: Date())
        #expect(try await store.claimGroupCompletion(id: group.id))
        #expect(try await store.claimGroupCompletion(id: group.id) == false)
        #expect(try await store.unfiredTriggers() == [.job(ended.id), .job(running.id), .group(group.id)])
        try await store.markTriggersFired(.job(ended.id))
        try await store.markTriggersFired(.group(group.id))
        #expect(try await store.unfiredTriggers() == [.job(running.id)])
        await #expect(throws: StoreError.self) {
            try await store.createGroup(owner: "bob", note: nil, triggers: [], jobIDs: [ended.id])
        }
    }
}
