import Client
import Foundation
import HckCore
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
        let dir = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: dir.path("hck.sqlite"))
        let jobs = JobService(
            store: store,
            dispatcher: Dispatcher(store: store),
            secretBox: try SecretBox(keyFile: dir.path("secrets.key")),
            baseURL: "http://127.0.0.1",
            triggers: TriggerQueue(),
            metrics: ServerMetrics()
        )
        let router = APIServer.makeRouter(
            environment: APIEnvironment(
                jobs: jobs,
                artifactsDirectory: dir.path("a"),
                webhookSigner: try WebhookSigner(keyFile: dir.path("webhook.key"))
            ),
            store: store
        )
        let routes = APIEnvironment.routes(of: router)
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
            let text = String(decoding: try await server.anonymous.exchange("GET", "/metrics").body, as: UTF8.self)
            #expect(text.contains("hck_jobs_submitted_total 2\n"))
            #expect(text.contains("hck_jobs_dispatched_total 1\n"))
            #expect(text.contains("hck_jobs{status=\"queued\"} 1\n"))
            #expect(text.contains("hck_jobs{status=\"running\"} 1\n"))
            #expect(text.contains("hck_runners 1\n"))
        }
    }
}
