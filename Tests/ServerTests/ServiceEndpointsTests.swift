import Client
import Foundation
import HckCore
import Manifest
import Store
import TestSupport
import Testing
import Wire

@testable import Server

/// /api/openapi.yaml is a valid OpenAPI document describing every route; /metrics speaks Prometheus.
@Suite struct ServiceEndpointsTests {
    /// The router's own routes against the document's operations: a route added without an
    /// operation, or an operation left behind by a removed route, fails here.
    @Test func everyRouteHasAnOperationAndEveryOperationARoute() async throws {
        let routes = try RouterRoutes.all()
        #expect(routes.count > 30, "the router lists its routes: \(routes)")
        let (undocumented, stale) = OpenAPIDocument.mismatches(routes: routes)
        #expect(undocumented.isEmpty, "routes without an operation in OpenAPIDocument+Text.swift: \(undocumented)")
        #expect(stale.isEmpty, "operations without a route: \(stale)")
        // Wire's route constants are what the client calls: each is registered, and no API route is
        // registered without one.
        let registered = Set(routes.filter(OpenAPIDocument.isDocumented).map(\.key))
        let named = Set(
            APIRoute.all.map { route in
                let path = route.pattern.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }
                return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
            }
        )
        #expect(named.subtracting(registered).isEmpty, "APIRoute constants the router lacks")
        #expect(registered.subtracting(named).isEmpty, "API routes without an APIRoute constant")
    }

    @Test func openAPIDocumentIsValidAndDescribesEveryRoute() async throws {
        let dir = try TemporaryDirectory()
        let document = try await TestServer.with(directory: dir) { server in
            let answer = try await server.anonymous.exchange("GET", "/api/openapi.yaml")
            #expect(answer.status == 200)
            return String(decoding: answer.body, as: UTF8.self)
        }
        #expect(!document.contains("(undocumented)"), "every route in the served document has its operation")
        for path in ["/api/jobs/{id}/ssh:", "/api/runner/jobs/{id}/kept:", "/api/keys/{id}:", "/metrics:"] {
            #expect(document.contains("\n  \(path)\n"), "\(path) is listed")
        }
        try await PythonModule.require("openapi_spec_validator")
        let file = dir.path("openapi.yaml")
        try document.write(toFile: file, atomically: true, encoding: .utf8)
        let (status, errors) = try await ChildProcess.run([
            "python3", "-c",
            "import sys, yaml; from openapi_spec_validator import validate; validate(yaml.safe_load(open(sys.argv[1])))",
            file,
        ])
        #expect(status == 0, "openapi-spec-validator: \(errors)")
    }

    @Test func metricsCountJobsByStatus() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.submit(.hello())
            _ = try await server.alice.submit(.hello())
            _ = try await server.runner.take(wait: 1)
            let metrics = try await Self.metrics(of: server)
            #expect(metrics["hck_jobs_submitted_total"] == 2, "\(metrics)")
            #expect(metrics["hck_jobs_dispatched_total"] == 1)
            #expect(metrics["hck_jobs{status=\"queued\"}"] == 1)
            #expect(metrics["hck_jobs{status=\"running\"}"] == 1)
            #expect(metrics["hck_runners"] == 1)
            #expect(metrics.type(of: "hck_jobs_submitted_total") == "counter")
            #expect(metrics.type(of: "hck_jobs") == "gauge")
        }
    }

    /// A job through the runner protocol: its wait in the queue, its log append and its run land in
    /// the histograms, with their buckets, sums and counts.
    @Test func metricsTimeAJobsDispatchItsLogAppendsAndItsRun() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let before = try await Self.metrics(of: server)
            for name in [
                "hck_dispatch_latency_seconds", "hck_job_duration_seconds", "hck_log_append_bytes",
                "hck_log_append_seconds",
            ] {
                #expect(before.type(of: name) == "histogram", "\(name): \(before)")
            }
            #expect(before["hck_dispatch_latency_seconds_count"] == 0)
            #expect(before["hck_job_duration_seconds_count{status=\"success\"}"] == 0)

            // The bounds are what the test itself saw, so a loaded host (the whole suite on two cores
            // once took 14 s here) cannot fail it: each histogram's one sample lies between them, and
            // its buckets agree with it.
            let submitting = Date()
            let job = try await server.alice.submit(.hello())
            try await Task.sleep(for: .milliseconds(300))
            let taking = Date()
            _ = try #require(try await server.runner.take(wait: 1))
            let taken = Date()
            try await server.runner.appendLog(job.id, task: nil, Data(repeating: UInt8(ascii: "a"), count: 1000))
            try await Task.sleep(for: .milliseconds(300))
            _ = try await server.runner.finish(job.id, status: .success)
            let finished = Date()

            let after = try await Self.metrics(of: server)
            let waited = try #require(after["hck_dispatch_latency_seconds_sum"], "\(after)")
            #expect(after["hck_dispatch_latency_seconds_count"] == 1)
            #expect(
                waited >= 0.3 && waited <= taken.timeIntervalSince(submitting),
                "it waited 300 ms in the queue, and at most from its submission to its take: \(waited)"
            )
            for bound in ["0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0", "1800.0", "+Inf"] {
                let expected: Double = waited <= (Double(bound) ?? .infinity) ? 1 : 0
                #expect(after["hck_dispatch_latency_seconds_bucket{le=\"\(bound)\"}"] == expected, "le=\(bound)")
            }

            #expect(after["hck_log_append_bytes_count"] == 1)
            #expect(after["hck_log_append_bytes_sum"] == 1000)
            #expect(after["hck_log_append_bytes_bucket{le=\"256.0\"}"] == 0)
            #expect(after["hck_log_append_bytes_bucket{le=\"1024.0\"}"] == 1)
            #expect(after["hck_log_append_seconds_count"] == 1)
            #expect(after["hck_log_append_seconds_bucket{le=\"+Inf\"}"] == 1)

            let success = "{status=\"success\"}"
            let ran = try #require(after["hck_job_duration_seconds_sum\(success)"], "\(after)")
            #expect(after["hck_job_duration_seconds_count\(success)"] == 1)
            #expect(
                ran >= 0.3 && ran <= finished.timeIntervalSince(taking),
                "it ran 300 ms at least, and at most from the take to its end: \(ran)"
            )
            for bound in ["1.0", "5.0", "10.0", "30.0", "60.0", "+Inf"] {
                let expected: Double = ran <= (Double(bound) ?? .infinity) ? 1 : 0
                #expect(after["hck_job_duration_seconds_bucket{status=\"success\",le=\"\(bound)\"}"] == expected)
            }
            #expect(after["hck_job_duration_seconds_count{status=\"failed\"}"] == 0)
            #expect(after["hck_jobs_finished_total"] == 1)
        }
    }

    private static func metrics(of server: TestServer) async throws -> PrometheusText {
        let answer = try await server.anonymous.exchange("GET", "/metrics")
        #expect(answer.status == 200)
        return PrometheusText(String(decoding: answer.body, as: UTF8.self))
    }
}
