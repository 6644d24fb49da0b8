import Client
import Foundation
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// The job page's event stream (`GET /jobs/:id/events`) read over HTTP by several followers of one
/// job at once, while an emulated runner appends its logs in many small pieces: the streams share
/// the rendered lines (``RenderedLinesCache``), so each must still get every line once, in order,
/// numbered and coloured as a stream alone renders them.
@Suite struct JobEventStreamTests {
    @Test func streamsOfOneJobEachGetEveryLineOnceInOrderAndRenderedAlike() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: WebPagesBrowserTests.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let job = try await server.alice.submit(.web(note: "streams", tags: ["streams"]))
            try await runner.take(job.id)
            let client = APIClient(baseURL: server.url, token: nil)
            let path = "/jobs/\(job.id)/events"
            async let first = client.exchange("GET", path, timeout: .seconds(120))
            async let second = client.exchange("GET", path, timeout: .seconds(120))
            try await runner.log(job.id, nil, "booting\n")
            try await runner.task(job.id, "build", .running)
            // A colour set in one append carries over into the lines of the next ones.
            for line in 1...30 {
                let colour = line % 10 == 1 ? "\u{1B}[3\(line / 10 + 1)m" : ""
                try await runner.log(job.id, "build", "\(colour)line \(line)\n")
                if line % 7 == 0 { try await Task.sleep(for: .milliseconds(150)) }
            }
            try await runner.task(job.id, "build", .success)
            try await runner.task(job.id, "test", .running)
            try await runner.log(job.id, "test", "half")
            try await Task.sleep(for: .milliseconds(300))
            try await runner.log(job.id, "test", " a line\nlast, unterminated")
            try await runner.task(job.id, "test", .success)
            try await runner.task(job.id, "package", .success)
            _ = try await server.runner.finish(job.id, status: .success)
            let late = try await client.exchange("GET", path, timeout: .seconds(60))
            let streams = try await [first, second, late].map { answer in
                #expect(answer.status == 200)
                return try Self.lines(in: String(decoding: answer.body, as: UTF8.self))
            }
            for (index, stream) in streams.enumerated() {
                let build = stream["t1", default: ""]
                let numbers = Self.lineNumbers(in: build)
                #expect(numbers == Array(1...30), "stream \(index): build's lines once each, in order: \(numbers)")
                #expect(build.contains(">line 30</span>"), "stream \(index): \(build.suffix(300))")
                #expect(
                    build.contains("<span class=\"f2\">line 12</span>")
                        && build.contains("<span class=\"f3\">line 30</span>"),
                    "stream \(index): the colour of an earlier append carries on: \(build)"
                )
                #expect(
                    Self.lineNumbers(in: stream["t2", default: ""]) == [1, 2]
                        && stream["t2", default: ""].contains(">half a line</span>")
                        && stream["t2", default: ""].contains(">last, unterminated</span>"),
                    "stream \(index): a line sent in two pieces, and the last one unterminated: \(stream["t2", default: ""])"
                )
                #expect(stream == streams[0], "stream \(index) renders the logs as the first")
            }
        }
    }

    @Test func aStreamFarBehindALogSkipsToItsTailAndSaysWhatItSkipped() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir, configure: WebPagesBrowserTests.patientLeases) { server in
            let runner = try await EmulatedRunner(server: server)
            let job = try await server.alice.submit(.web(note: "fast", tags: ["fast"]))
            try await runner.take(job.id)
            // 4 MiB of setup log in 512 KiB appends, as a runner's uplink sends a fast log: 40960 lines.
            let total = 40960
            for first in stride(from: 1, through: total, by: 5120) {
                let lines = (first..<first + 5120).map {
                    String(format: "line %06d ", $0) + String(repeating: "x", count: 88) + "\n"
                }
                try await runner.log(job.id, nil, lines.joined())
            }
            _ = try await server.runner.finish(job.id, status: .failed, reason: "stopped")
            let client = APIClient(baseURL: server.url, token: nil)
            let answer = try await client.exchange("GET", "/jobs/\(job.id)/events", timeout: .seconds(60))
            let stream = String(decoding: answer.body, as: UTF8.self)
            let setup = try Self.lines(in: stream)["setup", default: ""]
            let numbers = Self.lineNumbers(in: setup)
            #expect(stream.contains("event: end\n"), "the stream ends: \(stream.suffix(300))")
            let marker = try #require(
                setup.firstMatch(of: /… ([0-9.]+ [KM]iB) \(lines 1–(\d+)\) not shown live/),
                "no skip marker; lines \(numbers.first ?? 0)…\(numbers.last ?? 0), \(numbers.count) of them"
            )
            #expect(setup.contains("<a href=\"/jobs/\(job.id)/log\">raw log</a>"), "the marker links the raw log")
            let skipped = try #require(Int(marker.2))
            #expect(numbers.first == skipped + 1, "the tail starts right after the skipped lines: \(numbers.prefix(3))")
            #expect(numbers == Array((skipped + 1)...total), "then every line to the end, once each")
            #expect(
                numbers.count * 100 <= 192 * 1024 + 100,
                "no more than the page's tail (192 KiB) is sent: \(numbers.count) lines"
            )
            #expect(setup.contains(">line 040960 x"), "the last line")
        }
    }

    /// Each log's `lines` events of a stream, their HTML joined in order, keyed by log (`setup`,
    /// `t1`, …); checks that each batch starts where the one before ended.
    static func lines(in stream: String) throws -> [String: String] {
        struct Lines: Decodable {
            var log: String
            var html: String
            var line: Int
        }
        var logs: [String: String] = [:]
        var next: [String: Int] = [:]
        for event in stream.components(separatedBy: "\n\n") where event.hasPrefix("event: lines\n") {
            let data = event.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }
                .joined(separator: "\n")
            let lines = try JSONDecoder().decode(Lines.self, from: Data(data.utf8))
            let numbers = lineNumbers(in: lines.html)
            // A stream that skipped ahead sends a line without a number that says so, then goes on from there.
            #expect(
                numbers.isEmpty || numbers.first == next[lines.log, default: 1],
                "a batch of \(lines.log) starts where the last ended"
            )
            next[lines.log] = lines.line
            logs[lines.log, default: ""] += lines.html
        }
        return logs
    }

    /// The line numbers of rendered lines (`id="t1-L7"`), in order.
    static func lineNumbers(in html: String) -> [Int] {
        html.components(separatedBy: " id=\"").dropFirst().compactMap { part in
            part.range(of: "-L").flatMap { Int(part[$0.upperBound...].prefix { $0.isNumber }) }
        }
    }
}
