import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Limits the server enforces on its own: a job's deadline, and the size of an artifact.
@Suite struct ServerLimitsTests {
    @Test func aJobStillRunningAtItsDeadlineEndsTimeoutEvenWhileItsRunnerHeartbeats() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = {
            // Long enough that a loaded host still takes the job and reports a task before it (2 s once
            // was not, and 10 s under a load average of 9 was not either).
            $0.jobTimeout = .seconds(30)
            $0.reapInterval = .milliseconds(100)
        }
        try await TestServer.with(
            directory: dir,
            configure: configure
        ) { server in
            try await server.runner.register(TestServer.capacity)
            let submitted = try await server.alice.submit(.hello())
            let assignment = try #require(try await server.runner.take(wait: 5))
            #expect(assignment.job.id == submitted.id)
            let toDeadline = assignment.deadline.timeIntervalSinceNow
            #expect(
                toDeadline > 0 && toDeadline <= 30.5,
                "the assignment names the deadline the runner must keep too: \(toDeadline) s away"
            )
            // The runner has hung in a task but its heartbeat loop lives on: the lease (30 s) never runs out.
            try await server.runner.updateTask(submitted.id, task: "build", status: .running)
            _ = try await server.runner.heartbeat(submitted.id)
            let clock = ContinuousClock()
            let heldAt = clock.now
            let held = try await #require(throws: ClientError.self) {
                _ = try await server.runner.heartbeat(submitted.id, wait: 60)
            }
            #expect(held.status == 410, "the held heartbeat tells the runner to stop")
            #expect(clock.now - heldAt < .seconds(55), "answered at the deadline (30 s), not after the 60 s hold")
            let ended = try await server.alice.job(submitted.id)
            #expect(ended.status == .timeout)
            #expect(ended.reason?.contains("deadline") == true)
            #expect(ended.tasks.map(\.status) == [.failed, .skipped])
            let late = try await #require(throws: ClientError.self) {
                _ = try await server.runner.finish(submitted.id, status: .success)
            }
            #expect(late.status == 410, "a runner cannot overwrite the server's timeout")
            #expect(try await server.alice.job(submitted.id).status == .timeout)
        }
    }

    @Test func anArtifactOverTheLimitIsRefusedWith413AndLeavesNothingBehind() async throws {
        let dir = try TemporaryDirectory()
        let configure: TestServer.Configure = { $0.artifactSizeLimit = 64 * 1024 }
        try await TestServer.with(directory: dir, configure: configure) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            _ = try await server.runner.take(wait: 5)
            let exact = try await server.runner.uploadArtifact(
                job.id,
                name: "fits.bin",
                contents: Data(count: 64 * 1024)
            )
            #expect(exact.size == 64 * 1024)

            let declared = try await #require(throws: ClientError.self) {
                try await server.runner.uploadArtifact(job.id, name: "big.bin", contents: Data(count: 64 * 1024 + 1))
            }
            #expect(declared.status == 413)
            #expect(declared.message.contains("64 KiB (65536 bytes)"))
            #expect(declared.message.contains("big.bin"))

            // Chunked, so the server learns the size only as the bytes arrive.
            let file = dir.path("streamed.bin")
            try Data(count: 300_000).write(to: URL(fileURLWithPath: file))
            let streamed = try await ChildProcess.run([
                "curl", "-sS", "-o", "-", "-w", "\n%{http_code}", "-X", "PUT", "-H", "Transfer-Encoding: chunked",
                "-H", "Authorization: Bearer \(try #require(server.runner.token))", "--data-binary", "@\(file)",
                "\(server.url.absoluteString)/api/runner/jobs/\(job.id)/artifacts/streamed.bin",
            ])
            #expect(streamed.output.hasSuffix("\n413"), "curl said: \(streamed.output)")
            #expect(streamed.output.contains("64 KiB"))

            #expect(try await server.alice.artifacts(job.id).map(\.name) == ["fits.bin"])
            let left = try FileManager.default.contentsOfDirectory(
                atPath: "\(server.dataDirectory)/artifacts/\(job.id)"
            )
            #expect(left == ["fits.bin"], "only the complete artifact is on disk")
        }
    }
}
