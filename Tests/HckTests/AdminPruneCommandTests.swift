import Foundation
import HckCore
import Manifest
import NIOCore
import Store
import TestSupport
import Testing
import Wire

/// `hck admin prune [--dry-run]` as an operator runs it on a data directory.
@Suite struct AdminPruneCommandTests {
    static func hck(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let environment = ["PATH": "/usr/bin:/bin", "HOME": FileManager.default.temporaryDirectory.path]
        return try await ChildProcess.run(try BuiltProducts.hck, arguments, environment: environment)
    }

    /// A job with a 1000-byte artifact and an 8-byte log, ended `daysAgo` days ago (nil: still running).
    static func job(in store: any JobStore, endedDaysAgo daysAgo: Double?) async throws -> Int64 {
        let job = try await store.insert(.sample())
        let runner = RunnerRecord(
            name: "r1",
            capacity: RunnerCapacity(arches: ["x86_64"], images: ["debian/stable"], kvm: false, slots: 1)
        )
        _ = try await store.claim(runner: runner, leaseUntil: Date().addingTimeInterval(600), deadline: .distantFuture)
        _ = try await store.appendLog(id: job.id, task: nil, data: Data("booting\n".utf8))
        let body = AsyncStream<ByteBuffer> {
            $0.yield(ByteBuffer(bytes: [UInt8](repeating: 1, count: 1000)))
            $0.finish()
        }
        _ = try await store.storeArtifact(id: job.id, name: "out.bin", body: body, limit: 1 << 20)
        if let daysAgo {
            let end = Date().addingTimeInterval(-daysAgo * 86_400)
            _ = try await store.finish(id: job.id, runner: "r1", status: .success, reason: nil, now: end)
        }
        return job.id
    }

    @Test func aDryRunSaysWhatWouldGoAndThePruneRemovesIt() async throws {
        let dir = try TemporaryDirectory()
        let data = dir.path("data")
        let store = try DataDirectory(path: data).openStore()
        let old = try await Self.job(in: store, endedDaysAgo: 100)
        let recent = try await Self.job(in: store, endedDaysAgo: 10)
        _ = try await Self.job(in: store, endedDaysAgo: nil)
        let options = ["--data", data, "--keep-logs-days", "30"]

        let dry = try await Self.hck(["admin", "prune", "--dry-run"] + options)
        #expect(dry.status == 0, "\(dry.output)")
        let lines = dry.output.split(separator: "\n")
        #expect(lines.count == 2, "\(dry.output)")
        #expect(lines.first?.hasPrefix("artifacts: would remove 1 job(s)' artifacts that ended before ") == true)
        #expect(lines.first?.hasSuffix(", 1000 bytes") == true, "\(dry.output)")
        #expect(lines.last?.hasPrefix("logs: would remove 1 job(s)' logs that ended before ") == true)
        #expect(lines.last?.hasSuffix(", 8 bytes") == true, "\(dry.output)")
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 3000, logs: 24), "a dry run removes nothing")

        let real = try await Self.hck(["admin", "prune"] + options)
        #expect(real.status == 0, "\(real.output)")
        #expect(real.output.contains("artifacts: removed 1 job(s)' artifacts that ended before "), "\(real.output)")
        #expect(real.output.contains("logs: removed 1 job(s)' logs that ended before "), "\(real.output)")
        #expect(try await store.storedBytes() == StoredBytes(artifacts: 2000, logs: 16))
        #expect(try await store.artifacts(id: old).isEmpty)
        #expect(try await store.artifacts(id: recent).count == 1)
        #expect(try await Set(store.expirations(id: old).keys) == [.artifacts, .logs])

        let forever = try await Self.hck(["admin", "prune", "--data", data, "--keep-artifacts-days", "never"])
        #expect(forever.output.contains("nothing expires"), "\(forever.output)")
        let wrong = try await Self.hck(["admin", "prune", "--data", data, "--keep-jobs-days", "forever"])
        #expect(wrong.status != 0 && wrong.output.contains("--keep-jobs-days"), "\(wrong.output)")
        let help = try await Self.hck(["server", "--help"])
        for option in ["--keep-artifacts-days", "--keep-logs-days", "--keep-jobs-days"] {
            #expect(help.output.contains(option), "hck server \(option)")
        }
    }
}
