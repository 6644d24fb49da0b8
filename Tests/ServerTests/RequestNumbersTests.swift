import Client
import Foundation
import HckCore
import Store
import TestSupport
import Testing
import Wire

@testable import Server

/// Every number a request carries (query parameters, headers, path segments, event ids) is read one
/// way: no value crashes the server or gets a 5xx; a value that is not a number of the right kind is
/// a 400 naming the parameter and its range; a long-poll's wait is clamped.
@Suite struct RequestNumbersTests {
    /// Values that once trapped the process (`Int(Double.nan)`, `Int(-1e300 * 1000)`), overflowed, or
    /// are simply not numbers.
    static let values = [
        "nan", "-nan", "NaN", "inf", "-inf", "Infinity", "1e300", "-1e300", "1e-300", "1e999", "-1", "0", "1.5",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "99999999999999999999999999",
        "18446744073709551616", "0x10", "abc", "", "%00", "1:1", "-1:-1", "9223372036854775807:9223372036854775807",
        "0:9223372036854775807,0:1", String(repeating: "9", count: 5000),
    ]

    /// One numeric parameter of one route.
    struct Probe: CustomStringConvertible {
        var client: APIClient
        var method: String
        var path: String
        /// The parameter's name; the value goes in the query unless `header` is set.
        var parameter: String
        var header = false
        /// Called before each value, e.g. to queue a job so that a clamped long-poll answers at once.
        var prepare: (() async throws -> Void)?

        var description: String { "\(method) \(path) \(header ? "header" : "?")\(parameter)" }

        func send(_ value: String) async throws -> (status: Int, headers: [String: String], body: Data) {
            let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
            if header {
                return try await client.exchange(method, path, headers: [parameter: value], timeout: .seconds(60))
            }
            let separator = path.contains("?") ? "&" : "?"
            return try await client.exchange(
                method,
                "\(path)\(separator)\(parameter)=\(value == "%00" ? value : encoded)",
                timeout: .seconds(60)
            )
        }
    }

    @Test func noNumberInAnyRequestCrashesTheServerOrGets5xx() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let held = try await server.alice.submit(.hello())
            _ = try #require(try await server.runner.take(wait: 5))
            let ended = try await server.alice.submit(.hello())
            _ = try await server.alice.cancel(ended.id)
            let queueOne = { _ = try await server.alice.submit(.hello()) }
            let probes: [Probe] = [
                Probe(client: server.alice, method: "GET", path: "/api/jobs", parameter: "start"),
                Probe(client: server.alice, method: "GET", path: "/api/jobs", parameter: "limit"),
                Probe(client: server.alice, method: "GET", path: "/api/jobs/\(ended.id)/log", parameter: "offset"),
                Probe(client: server.alice, method: "GET", path: "/api/jobs/\(ended.id)/log", parameter: "wait"),
                Probe(client: server.alice, method: "GET", path: "/api/jobs/\(held.id)/log", parameter: "offset"),
                Probe(
                    client: server.alice,
                    method: "GET",
                    path: "/api/jobs/\(ended.id)/tasks/build/log?offset=0",
                    parameter: "wait"
                ),
                Probe(
                    client: server.alice,
                    method: "GET",
                    path: "/api/jobs/\(ended.id)/log",
                    parameter: "Range",
                    header: true
                ),
                Probe(client: server.alice, method: "GET", path: "/api/jobs/\(ended.id)/ssh", parameter: "wait"),
                Probe(
                    client: server.runner,
                    method: "POST",
                    path: "/api/runner/take",
                    parameter: "wait",
                    prepare: queueOne
                ),
                Probe(
                    client: server.runner,
                    method: "POST",
                    path: "/api/runner/jobs/\(ended.id)/heartbeat",
                    parameter: "wait"
                ),
                Probe(
                    client: server.runner,
                    method: "POST",
                    path: "/api/runner/jobs/\(ended.id)/claim",
                    parameter: "wait"
                ),
                Probe(
                    client: server.runner,
                    method: "POST",
                    path: "/api/runner/jobs/\(held.id)/log",
                    parameter: "offset"
                ),
                Probe(client: server.anonymous, method: "GET", path: "/", parameter: "before"),
                Probe(client: server.alice, method: "GET", path: "/~alice", parameter: "before"),
                Probe(client: server.alice, method: "GET", path: "/jobs/\(ended.id)/events", parameter: "from"),
                Probe(
                    client: server.alice,
                    method: "GET",
                    path: "/jobs/\(ended.id)/events",
                    parameter: "Last-Event-ID",
                    header: true
                ),
                Probe(
                    client: server.alice,
                    method: "GET",
                    path: "/jobs/\(ended.id)/log",
                    parameter: "Range",
                    header: true
                ),
            ]
            // Every path segment that is an id, on every route the router has.
            let idRoutes = try RouterRoutes.all().filter { $0.path.contains("{id}") || $0.path.contains(":id") }
            #expect(idRoutes.count > 20, "the router's routes with an id: \(idRoutes)")
            for value in Self.values {
                for probe in probes {
                    try await probe.prepare?()
                    let answer = try await probe.send(value)
                    try await expectSane(answer, "\(probe) = '\(value.prefix(50))'", parameter: probe.parameter, server)
                }
                guard !value.isEmpty, value != "%00" else { continue }
                let segment = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                for route in idRoutes {
                    let path = route.path.replacingOccurrences(of: "{id}", with: segment)
                        .replacingOccurrences(of: ":id", with: segment)
                        .replacingOccurrences(of: "{task}", with: "build").replacingOccurrences(
                            of: ":task",
                            with: "build"
                        )
                        .replacingOccurrences(of: "{name}", with: "a").replacingOccurrences(of: ":name", with: "a")
                    let client = path.hasPrefix("/api/runner/") ? server.runner : server.alice
                    let answer = try await client.exchange(route.method, path, body: Data(), timeout: .seconds(60))
                    // A valid id gets past its segment: a 400 may then be about the (empty) body.
                    let validID = Int64(value).map { $0 > 0 } ?? false
                    try await expectSane(answer, "\(route.method) \(path)", parameter: validID ? nil : "id", server)
                }
            }
        }
    }

    /// No 5xx, a body that says something (unless the status has none), a 400 that names the
    /// parameter, and a server that still answers.
    func expectSane(
        _ answer: (status: Int, headers: [String: String], body: Data),
        _ what: String,
        parameter: String?,
        _ server: TestServer
    ) async throws {
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect((200..<500).contains(answer.status), "\(what): \(answer.status) \(text.prefix(300))")
        if ![204, 206, 304].contains(answer.status), answer.status >= 300 {
            #expect(!answer.body.isEmpty, "\(what): \(answer.status) with an empty body")
        }
        if answer.status == 400, let parameter {
            #expect(
                text.contains("'\(parameter)'") || text.contains("&#39;\(parameter)&#39;"),
                "\(what): the 400 names '\(parameter)': \(text.prefix(300))"
            )
        }
        let alive = try await server.anonymous.exchange("GET", "/metrics", timeout: .seconds(30))
        #expect(alive.status == 200, "the server still answers after \(what)")
    }

    @Test func aWaitThatIsNoNumberIsRefusedNamingItsRangeAndAHugeOneIsClamped() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            for value in ["nan", "-inf", "x"] {
                let answer = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/ssh?wait=\(value)")
                #expect(answer.status == 400)
                let body = try JSONDecoder.api.decode(ErrorBody.self, from: answer.body)
                #expect(
                    body.error == "query parameter 'wait' must be a number of seconds from 0.0 to 300.0, not '\(value)'"
                )
            }
            // Clamped to 0: answered without waiting, no kept VM. The bound tells "no wait" from the
            // longest wait (300 s) on a loaded machine (5 s was crossed at a load of 19).
            let clock = ContinuousClock()
            let asked = clock.now
            let negative = try await server.alice.exchange("GET", "/api/jobs/\(job.id)/ssh?wait=-1e300")
            #expect(negative.status == 404)
            #expect(clock.now - asked < .seconds(60))
            let page = try await server.alice.exchange("GET", "/api/jobs?limit=101")
            #expect(page.status == 400)
            #expect(
                try JSONDecoder.api.decode(ErrorBody.self, from: page.body).error
                    == "query parameter 'limit' must be a whole number from 1 to 100, not '101'"
            )
            let id = try await server.alice.exchange("GET", "/api/jobs/99999999999999999999")
            #expect(id.status == 400)
            #expect(String(decoding: id.body, as: UTF8.self).contains("path segment 'id'"))
        }
    }
}
