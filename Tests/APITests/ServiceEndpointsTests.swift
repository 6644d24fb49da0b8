import API
import Foundation
import Testing

/// /api/openapi.yaml is a valid OpenAPI document describing every route; /metrics speaks Prometheus.
@Suite struct ServiceEndpointsTests {
    static let routes = [
        "/api/jobs:", "/api/jobs/{id}:", "/api/jobs/{id}/manifest:", "/api/jobs/{id}/start:", "/api/jobs/{id}/cancel:",
        "/api/jobs/{id}/resubmit:", "/api/jobs/{id}/log:", "/api/jobs/{id}/tasks/{task}/log:", "/api/jobs/{id}/artifacts:",
        "/api/jobs/{id}/artifacts/{name}:", "/api/job-group:", "/api/job-group/{id}:", "/api/job-group/{id}/start:",
        "/api/secrets:", "/api/runner/register:", "/api/runner/take:", "/api/runner/jobs/{id}/heartbeat:",
        "/api/runner/jobs/{id}/log:", "/api/runner/jobs/{id}/tasks/{task}:", "/api/runner/jobs/{id}/status:",
        "/api/runner/jobs/{id}/artifacts/{name}:", "/metrics:", "/api/openapi.yaml:",
    ]

    @Test func openAPIDocumentIsValidAndDescribesEveryRoute() async throws {
        let dir = try TemporaryDirectory()
        let document = try await TestServer.with(directory: dir) { server in
            let answer = try await server.anonymous.exchange("GET", "/api/openapi.yaml")
            #expect(answer.status == 200)
            return String(decoding: answer.body, as: UTF8.self)
        }
        for route in Self.routes { #expect(document.contains("\n  \(route)\n"), "\(route) is not described") }
        try await offThePool { try SMTPSink.ensurePythonModule("openapi_spec_validator", package: "openapi-spec-validator") }
        let file = dir.path("openapi.yaml")
        try document.write(toFile: file, atomically: true, encoding: .utf8)
        let (status, errors) = try await ChildProcess.run([
            "python3", "-c",
            "import sys, yaml; from openapi_spec_validator import validate; validate(yaml.safe_load(open(sys.argv[1])))", file,
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
            let text = String(decoding: try await server.anonymous.exchange("GET", "/metrics").body, as: UTF8.self)
            #expect(text.contains("hck_jobs_submitted_total 2\n"))
            #expect(text.contains("hck_jobs_dispatched_total 1\n"))
            #expect(text.contains("hck_jobs{status=\"queued\"} 1\n"))
            #expect(text.contains("hck_jobs{status=\"running\"} 1\n"))
            #expect(text.contains("hck_runners 1\n"))
        }
    }
}
