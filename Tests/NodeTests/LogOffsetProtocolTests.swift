import Client
import Foundation
import Logging
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

@testable import Node

/// Log appends with offsets over real HTTP, on each store: the answers and refusals a runner sees, and
/// a requeued job whose second runner's setup log (sent by a runner node's real ``LogUplink``) follows
/// the first's.
@Suite(.postgresCluster) struct LogOffsetProtocolTests {
    @Test(arguments: StoreKind.allCases) func appendsAnswerTheLengthAndRefuseGapsAndBadOffsets(kind: StoreKind)
        async throws
    {
        try await TestServer.withTakenJob(on: kind) { server, assignment in
            let job = assignment.job
            #expect(
                assignment.logEnds == [
                    LogEnd(task: nil, length: 0), LogEnd(task: "build", length: 0), LogEnd(task: "test", length: 0),
                ]
            )
            #expect(try await server.runner.appendLog(job.id, task: "build", Data("+ make\n".utf8), offset: 0) == 7)
            #expect(try await server.runner.appendLog(job.id, task: "build", Data("+ make\n".utf8), offset: 0) == 7)
            #expect(try await server.runner.appendLog(job.id, task: "build", Data("make\nok\n".utf8), offset: 2) == 10)
            let gap = try await #require(throws: ClientError.self) {
                try await server.runner.appendLog(job.id, task: "build", Data("lost\n".utf8), offset: 15)
            }
            #expect(gap.status == 409)
            #expect(gap.message.contains("log of task build ends at byte 10, but this chunk starts at byte 15"))
            let bad = try await server.runner.exchange(
                "POST",
                "/api/runner/jobs/\(job.id)/log?offset=-3",
                body: Data("x".utf8)
            )
            #expect(bad.status == 400)
            #expect(
                String(decoding: bad.body, as: UTF8.self).contains(
                    "query parameter 'offset' must be a whole number from 0"
                )
            )
            // No offset: at the end, as runners before offsets send.
            #expect(try await server.runner.appendLog(job.id, task: "build", Data("done\n".utf8)) == 15)
            let log = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/tasks/build/log")
            #expect(String(decoding: log.body, as: UTF8.self) == "+ make\nok\ndone\n")
        }
    }

    @Test(arguments: StoreKind.allCases) func aRequeuedJobsNextRunnerGoesOnAfterTheFirstRunnersSetupLog(kind: StoreKind)
        async throws
    {
        // Short enough to wait out, long enough for a loaded host to append before it runs out.
        let shortLeases: TestServer.Configure = {
            $0.leaseDuration = .seconds(15)
            $0.reapInterval = .milliseconds(100)
        }
        try await TestServer.withTakenJob(on: kind, configure: shortLeases) { server, first in
            let job = first.job
            let booting = Data("first runner: booting the VM\n".utf8)
            #expect(try await server.runner.appendLog(job.id, task: nil, booting, offset: 0) == booting.count)
            // The first runner goes silent while booting: the reaper queues the job again, and the
            // long-poll hands it out anew, saying where its setup log ends.
            let second = try #require(try await server.runner.take(wait: 60))
            #expect(second.job.id == first.job.id)
            #expect(second.logEnds?.first { $0.task == nil }?.length == booting.count)
            #expect(second.logEnds?.filter { $0.task != nil }.map(\.length) == [0, 0])
            // A late retry of the first runner's chunk changes nothing.
            #expect(try await server.runner.appendLog(job.id, task: nil, booting, offset: 0) == booting.count)

            let uplink = LogUplink(
                client: server.runner,
                assignment: second,
                limits: .init(),
                metrics: RunnerMetrics(),
                logger: .uplinkTests
            )
            let again = Data("second runner: booting the VM\n".utf8)
            let building = Data("+ echo building\nbuilding\n".utf8)
            try await uplink.sendAll {
                await uplink.append(.log(task: nil, again))
                await uplink.append(.log(task: "build", building))
            }
            let setup = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/log")
            #expect(setup.body == booting + again)
            let build = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/tasks/build/log")
            #expect(build.body == building)
        }
    }
}
