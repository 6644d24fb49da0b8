import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The `JobPageStore` part of the contract (listings, log tails and slices, times), run once per
/// `StoreKind`, so both stores serve the web pages the same bytes and line numbers.
@Suite(.postgresCluster) struct JobPageStoreContractTests {
    @Test(arguments: StoreKind.allCases) func listingsShowWhatTheViewerMaySeeNewestFirst(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        func job(_ owner: String, _ visibility: Visibility, tags: [String] = []) async throws -> Int64 {
            var job = NewJob.sample(owner: owner)
            job.visibility = visibility
            job.tags = tags
            return try await store.insert(job).id
        }
        let a1 = try await job("alice", .public, tags: ["x"])
        let a2 = try await job("alice", .private)
        let b1 = try await job("bob", .unlisted, tags: ["x"])
        let b2 = try await job("bob", .public)
        let c1 = try await job("carol", .public, tags: ["repo", "main"])
        let c2 = try await job("carol", .public, tags: ["repo", "dev"])
        // Every tag of the filter must be carried (a repository's branch on its page).
        var branch = JobFilter(tag: "repo")
        branch.tags.append("main")
        #expect(try await store.jobs(matching: branch, viewer: nil, before: nil, limit: 10).map(\.id) == [c1])
        #expect(
            try await store.jobs(matching: JobFilter(tag: "repo"), viewer: nil, before: c2, limit: 10).map(\.id) == [c1]
        )
        // The listings below are of the jobs before these two.
        let before = c1
        func ids(_ filter: JobFilter, _ viewer: String?, before: Int64? = nil, limit: Int = 10) async throws -> [Int64]
        {
            try await store.jobs(matching: filter, viewer: viewer, before: before, limit: limit).map(\.id)
        }
        #expect(try await ids(JobFilter(), nil, before: before) == [b2, a1])
        #expect(try await ids(JobFilter(), "alice", before: before) == [b2, a2, a1])
        #expect(try await ids(JobFilter(tag: "x"), nil) == [a1])
        #expect(try await ids(JobFilter(tag: "x"), "bob") == [b1, a1])
        #expect(try await ids(JobFilter(owner: "bob"), "bob") == [b2, b1])
        #expect(try await ids(JobFilter(), "alice", before: b2) == [a2, a1])
        #expect(try await ids(JobFilter(), "alice", before: before, limit: 1) == [b2])
        _ = try await store.cancel(id: a1, now: Date())
        #expect(try await ids(JobFilter(status: .cancelled), nil, before: before) == [a1])
        let group = try await store.createGroup(owner: "alice", note: nil, triggers: [], jobIDs: [a2])
        #expect(try await ids(JobFilter(groupID: group.id), "alice") == [a2])
        #expect(try await ids(JobFilter(groupID: group.id), "bob").isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func tailsAndSlicesKeepOffsetsAndLineNumbers(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let id = try await store.insert(.sample()).id
        let empty = try await store.logTail(id: id, task: nil, maxBytes: 10)
        #expect(empty.data.isEmpty && empty.length == 0 && empty.offset == 0)
        // Chunks end at 4, 11 and 19 bytes, after 1, 2 and 4 newlines.
        for chunk in ["one\n", "two\nthr", "ee\nfour\n"] {
            _ = try await store.appendLog(id: id, task: nil, data: Data(chunk.utf8))
        }
        func tail(_ maxBytes: Int) async throws -> (String, Int, Int, Bool, Int) {
            let slice = try await store.logTail(id: id, task: nil, maxBytes: maxBytes)
            return (
                String(decoding: slice.data, as: UTF8.self), slice.offset, slice.linesBefore, slice.startsLine,
                slice.length
            )
        }
        #expect(try await tail(8) == ("ee\nfour\n", 11, 2, false, 19))
        #expect(try await tail(5) == ("four\n", 14, 3, true, 19))
        #expect(try await tail(12) == ("\nthree\nfour\n", 7, 1, false, 19))
        #expect(try await tail(100) == ("one\ntwo\nthree\nfour\n", 0, 0, true, 19))

        let short = try await store.log(id: id, task: nil, from: 5, maxBytes: 3)
        #expect(String(decoding: short.data, as: UTF8.self) == "wo\nthr" && short.offset == 5 && short.length == 11)
        let rest = try await store.log(id: id, task: nil, from: 5, maxBytes: 100)
        #expect(String(decoding: rest.data, as: UTF8.self) == "wo\nthree\nfour\n" && rest.length == 19)
        #expect(rest.lastChunk == (try await store.logTail(id: id, task: nil, maxBytes: 1)).lastChunk)
        #expect(rest.lastChunk > short.lastChunk)
        let end = try await store.log(id: id, task: nil, from: 19, maxBytes: 10)
        #expect(end.data.isEmpty && end.offset == 19 && end.length == 19)
        #expect(try await store.logTail(id: id, task: "build", maxBytes: 10).length == 0, "each task has its own log")
    }

    @Test(arguments: StoreKind.allCases) func timesFollowTheJobAndItsTasks(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let id = try await store.insert(.sample()).id
        #expect(try await store.times(id: id).job.started == nil)
        let runner = RunnerRecord(
            name: "r1",
            capacity: RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)
        )
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(60), deadline: .distantFuture)
        let running = try await store.times(id: id)
        #expect(running.job.started != nil && running.job.finished == nil && running.runner == "r1")
        _ = try await store.updateTask(id: id, runner: "r1", task: "build", status: .running)
        _ = try await store.updateTask(id: id, runner: "r1", task: "build", status: .success)
        _ = try await store.finish(id: id, runner: "r1", status: .success, reason: nil, now: Date())
        let ended = try await store.times(id: id)
        #expect(ended.job.finished != nil && ended.runner == "r1", "the runner is remembered after the job forgets it")
        let build = try #require(ended.tasks["build"])
        #expect(build.started != nil && build.finished != nil)
        #expect(ended.tasks["test"] != nil && ended.tasks["test"]?.started == nil, "a skipped task never started")
    }
}
