import Client
import Foundation
import HckCore
import Images
import Server
import Store
import TestSupport
import Testing
import Wire

/// Appends that say where they start (`JobStore.appendLog(id:task:data:at:)`), on every store: a
/// retried chunk is stored once, an overlapping one adds its tail, a gap is refused, and appends
/// racing at one offset store the chunk once.
@Suite(.postgresCluster) struct LogOffsetContractTests {
    @Test(arguments: StoreKind.allCases) func theSameChunkTwiceAtOneOffsetIsStoredOnce(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("booting\n".utf8), at: 0) == 8)
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("booting\n".utf8), at: 0) == 8)
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("ready\n".utf8), at: 8) == 14)
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("ready\n".utf8), at: 8) == 14)
        #expect(try await store.log(id: job.id, task: nil, from: 0) == Data("booting\nready\n".utf8))
        #expect(try await store.logLength(id: job.id, task: nil) == 14)
        // Each log counts on its own: the task's log starts at 0 whatever the setup log holds.
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("make\n".utf8), at: 0) == 5)
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("make\n".utf8), at: 0) == 5)
        #expect(try await store.log(id: job.id, task: "build", from: 0) == Data("make\n".utf8))
        // Without an offset a chunk goes at the end, as before offsets.
        #expect(try await store.appendLog(id: job.id, task: nil, data: Data("end\n".utf8)) == 18)
        #expect(try await store.log(id: job.id, task: nil, from: 0) == Data("booting\nready\nend\n".utf8))
    }

    @Test(arguments: StoreKind.allCases) func anOverlappingChunkAddsOnlyItsNewTail(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("one\ntwo\n".utf8), at: 0) == 8)
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("two\nthree\n".utf8), at: 4) == 14)
        // Wholly inside what is stored: nothing written, the length answered.
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("o\ntw".utf8), at: 2) == 14)
        #expect(try await store.log(id: job.id, task: "build", from: 0) == Data("one\ntwo\nthree\n".utf8))
        // The marks count the tail's lines only: the page's tail shows true line numbers.
        #expect(try await store.appendLog(id: job.id, task: "build", data: Data("four\n".utf8), at: 14) == 19)
        let last = try await store.logTail(id: job.id, task: "build", maxBytes: 5)
        #expect(last.data == Data("four\n".utf8))
        #expect(last.linesBefore == 3)
        #expect(last.length == 19)
    }

    @Test(arguments: StoreKind.allCases) func aChunkPastTheEndIsRefusedSayingWhereTheLogEnds(kind: StoreKind)
        async throws
    {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        _ = try await store.appendLog(id: job.id, task: nil, data: Data("booting\n".utf8), at: 0)
        let refused = try await #require(throws: StoreError.self) {
            try await store.appendLog(id: job.id, task: nil, data: Data("lost?\n".utf8), at: 12)
        }
        #expect(refused.code == .logGap)
        #expect(refused.message.contains("job \(job.id)'s setup log ends at byte 8"))
        #expect(refused.message.contains("starts at byte 12"))
        let taskGap = try await #require(throws: StoreError.self) {
            try await store.appendLog(id: job.id, task: "test", data: Data("x".utf8), at: 1)
        }
        #expect(taskGap.message.contains("job \(job.id)'s log of task test ends at byte 0"))
        #expect(try await store.log(id: job.id, task: nil, from: 0) == Data("booting\n".utf8))
        #expect(try await store.logLength(id: job.id, task: "test") == 0)
    }

    @Test(arguments: StoreKind.allCases) func appendsRacingAtOneOffsetStoreTheChunkOnce(kind: StoreKind) async throws {
        let dir = try TemporaryDirectory()
        let store = try await kind.make(in: dir)
        let job = try await store.insert(.sample())
        let lines = (0..<8).map { Data("line \($0) of the setup log\n".utf8) }
        var offset = 0
        for line in lines {
            let at = offset
            // Four copies of each chunk at once, as retries crossing a slow answer would send them.
            let lengths = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await store.appendLog(id: job.id, task: nil, data: line, at: at) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            offset += line.count
            #expect(lengths == Array(repeating: offset, count: 4))
        }
        #expect(try await store.log(id: job.id, task: nil, from: 0) == lines.reduce(Data(), +))
    }
}
