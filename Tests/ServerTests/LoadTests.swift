import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Load from `wrk` (Debian's) on loopback, 30 s against the API and the home page: leases still end
/// when their runner stops heartbeating (a slow store is no outage), and the server's memory stays flat.
/// `make test` runs this suite alone, after the others (`--skip LoadTests`), so that its load does not
/// slow their timed tests.
@Suite struct LoadTests {
    /// The resident memory of this process (the server runs in it), in KiB.
    static func residentKiB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func leasesEndWhenTheyShouldUnderWrkAndMemoryStaysFlat() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = {
            $0.leaseDuration = .seconds(5)
            $0.reapInterval = .milliseconds(200)
            // wrk's 300 connections all come from 127.0.0.1.
            $0.connections.connectionsPerAddress = 1000
        }
        try await TestServer.with(directory: dir, configure: configure) { server in
            try await server.runner.register(TestServer.capacity)
            let visible = try await server.alice.submit(.hello())
            let token = try #require(server.alice.token)
            // Warm up (first pages, caches), then measure.
            for _ in 0..<50 { _ = try await server.anonymous.exchange("GET", "/") }
            let before = try Self.residentKiB()
            let clock = ContinuousClock()
            let started = clock.now
            async let api = ChildProcess.run([
                "wrk", "-t1", "-c200", "-d30s", "--timeout", "10s", "-H", "Authorization: Bearer \(token)",
                "\(server.url.absoluteString)/api/jobs/\(visible.id)",
            ])
            async let home = ChildProcess.run([
                "wrk", "-t1", "-c100", "-d30s", "--timeout", "10s", "\(server.url.absoluteString)/",
            ])
            // While the load lasts, runners take jobs and vanish: each lease must end within its 3 s
            // and a few passes of the reaper, not be renewed because the store answered slowly.
            var lostAfter: [Duration] = []
            while clock.now - started < .seconds(20) {
                _ = try await server.alice.submit(.hello())
                let taken = try #require(try await server.runner.take(wait: 10)).job
                try await server.runner.updateTask(taken.id, task: "build", status: .running)
                let silent = clock.now
                var ended = try await server.alice.job(taken.id)
                while ended.status == .running, clock.now - silent < .seconds(25) {
                    try await Task.sleep(for: .milliseconds(250))
                    ended = try await server.alice.job(taken.id)
                }
                #expect(ended.status == .failed, "job \(taken.id): \(ended.status)")
                #expect(ended.reason == "runner lost")
                lostAfter.append(clock.now - silent)
            }
            let (apiRun, homeRun) = try await (api, home)
            #expect(apiRun.status == 0, "wrk: \(apiRun.output)")
            #expect(homeRun.status == 0, "wrk: \(homeRun.output)")
            let after = try Self.residentKiB()
            print("wrk /api/jobs/ID (200 connections):\n\(apiRun.output)")
            print("wrk / (100 connections):\n\(homeRun.output)")
            print(
                "leases ended after \(lostAfter) of silence; resident memory \(before) KiB before, \(after) KiB after"
            )
            #expect(!lostAfter.isEmpty)
            for lost in lostAfter {
                // 5 s of lease, a reaper pass, and the test's own polling under load; a lease renewed
                // once for a slow answer would take 10 s and more.
                #expect(lost < .seconds(10), "a lease of 5 s ended \(lost) after its runner fell silent")
            }
            #expect(apiRun.output.contains("Requests/sec"))
            #expect(after - before < 200 * 1024, "memory grew from \(before) KiB to \(after) KiB")
            #expect(try await server.anonymous.exchange("GET", "/metrics").status == 200)
        }
    }
}
