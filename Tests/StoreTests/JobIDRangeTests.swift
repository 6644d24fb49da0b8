import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// `--first-job-id`: a server's job ids start where the operator says and never go back.
@Suite struct JobIDRangeTests {
    @Test func jobIDsStartAtTheFirstIDAndNeverGoDown() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("hck.sqlite")
        var store = try SQLiteJobStore(path: path)
        try store.startJobIDs(at: 4_100_000_000)
        #expect(try await store.insert(.sample()).id == 4_100_000_000)
        #expect(try await store.insert(.sample()).id == 4_100_000_001)
        try store.startJobIDs(at: 10)
        #expect(try await store.insert(.sample()).id == 4_100_000_002, "an id already used is never handed out again")
        store = try SQLiteJobStore(path: path)
        try store.startJobIDs(at: 4_100_000_000)
        #expect(try await store.insert(.sample()).id == 4_100_000_003, "a restart with the same option keeps counting")
    }
}
