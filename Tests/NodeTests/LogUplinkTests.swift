import Client
import Foundation
import HckMetrics
import Logging
import Server
import Store
import TestSupport
import Testing
import Wire

@testable import Node

/// A runner node's real ``LogUplink`` against a real server, on each store: an answer lost after the
/// store wrote the chunk (a proxy drops it, whole or after its head) repeats no byte and holds the log
/// no longer than the uplink's answer timeout (and the node's metrics count its bytes once), a runner
/// that believes the log longer than the server holds it (a 409) still delivers the rest, and a whole
/// batch goes without waiting out the flush interval.
@Suite(.postgresCluster) struct LogUplinkTests {
    /// What of the lost answer reaches the runner.
    enum LostAnswer: String, CaseIterable, CustomTestStringConvertible {
        /// The status line and headers, then the connection closes: the request fails at once.
        case headOnly
        /// Nothing: libcurl sends the request again by itself without its body, which hangs until
        /// the uplink's answer timeout.
        case nothing

        var testDescription: String { rawValue }
    }

    @Test(arguments: StoreKind.allCases, LostAnswer.allCases)
    func anAnswerLostAfterTheStoreWroteTheChunkRepeatsNoByte(kind: StoreKind, lost: LostAnswer) async throws {
        try await TestServer.withTakenJob(on: kind) { server, assignment in
            let job = assignment.job
            let port = try #require(server.url.port)
            let lines = (1...6).map { Data("setup line \($0): \(String(repeating: "x", count: $0 * 7))\n".utf8) }
            let task = (1...3).map { Data("+ step \($0)\n".utf8) }
            let started = ContinuousClock.now
            let metrics = RunnerMetrics()
            try await AnswerDroppingProxy.with(
                forwardingTo: port,
                droppingTheAnswerToLogAppend: 3,
                passingTheHead: lost == .headOnly
            ) { proxy in
                let client = APIClient(
                    baseURL: URL(string: "http://127.0.0.1:\(proxy.port)")!,
                    token: server.runner.token
                )
                // Chunks of at most 16 bytes: each line is its own request, so the lost answer falls mid-log.
                let limits = LogUplink.Limits(
                    batchBytes: 16,
                    bufferBytes: 1024 * 1024,
                    flushInterval: .milliseconds(5),
                    answerTimeout: .seconds(8)
                )
                let uplink = LogUplink(
                    client: client,
                    assignment: assignment,
                    limits: limits,
                    metrics: metrics,
                    logger: .uplinkTests
                )
                try await uplink.sendAll {
                    for (index, line) in lines.enumerated() {
                        await uplink.append(.log(task: nil, line))
                        if index < task.count { await uplink.append(.log(task: "build", task[index])) }
                    }
                }
                #expect(await proxy.record.droppedAnswers == 1, "the proxy lost one answer")
                #expect(await proxy.record.logAppends > lines.count + task.count, "the lost chunk was sent again")
            }
            let took = ContinuousClock.now - started
            // A blow-up bound, not a speed goal: on a loaded host a slow answer may also time out and be repeated.
            #expect(took < .seconds(120), "the uplink took \(took) to get past the lost answer (its timeout is 8 s)")
            let setup = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/log")
            #expect(
                String(decoding: setup.body, as: UTF8.self) == String(decoding: lines.reduce(Data(), +), as: UTF8.self)
            )
            let build = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/tasks/build/log")
            #expect(build.body == task.reduce(Data(), +))
            let sent = PrometheusText(metrics.registry.exposition())["hck_runner_log_bytes_sent_total"]
            #expect(sent == Double((lines + task).reduce(0) { $0 + $1.count }), "the repeated chunk counts once")
        }
    }

    @Test func aWholeBatchGoesAtOnceWhileAPartOfOneWaits() async throws {
        try await TestServer.withTakenJob(on: .sqlite) { server, assignment in
            // A flush interval no test waits out: only a whole batch can have sent the bytes.
            let limits = LogUplink.Limits(batchBytes: 1024, bufferBytes: 1 << 20, flushInterval: .seconds(600))
            let uplink = LogUplink.forTests(server.runner, assignment, limits: limits)
            let path = "/api/jobs/\(assignment.job.id)/log"
            let (part, rest, next) = (
                Data(repeating: 97, count: 600), Data(repeating: 98, count: 424), Data("c\n".utf8)
            )
            try await uplink.sendAll {
                await uplink.append(.log(task: nil, part))
                // The sender is waiting for more (600 of 1024 bytes); the rest of the batch ends its wait.
                try? await Task.sleep(for: .milliseconds(300))
                #expect(
                    (try? await server.alice.exchange("GET", path))?.body.isEmpty == true,
                    "a part of a batch waits"
                )
                await uplink.append(.log(task: nil, rest))
                await uplink.append(.log(task: nil, next))
                var stored = Data()
                for _ in 0..<300 where stored.count < 1024 {
                    try? await Task.sleep(for: .milliseconds(100))
                    stored = (try? await server.alice.exchange("GET", path))?.body ?? Data()
                }
                #expect(
                    stored == part + rest,
                    "the whole batch was stored before the flush interval, the next byte not"
                )
            }
            // The close sends what waited, without the interval.
            let all = try await server.alice.exchange("GET", path)
            #expect(all.body == part + rest + next)
        }
    }

    @Test(arguments: StoreKind.allCases) func aChunkRefusedForAGapGoesAtTheLogsEndAndTheRestFollows(kind: StoreKind)
        async throws
    {
        try await TestServer.withTakenJob(on: kind) { server, assignment in
            var ahead = assignment
            ahead.logEnds = [LogEnd(task: nil, length: 50)]
            let first = Data("after the gap\n".utf8)
            let second = Data("and on\n".utf8)
            let limits = LogUplink.Limits(batchBytes: 8, bufferBytes: 1024, flushInterval: .milliseconds(5))
            let uplink = LogUplink.forTests(server.runner, ahead, limits: limits)
            try await uplink.sendAll {
                await uplink.append(.log(task: nil, first))
                await uplink.append(.log(task: nil, second))
            }
            let setup = try await server.alice.exchange("GET", "/api/jobs/\(assignment.job.id)/log")
            #expect(setup.body == first + second)
        }
    }
}
