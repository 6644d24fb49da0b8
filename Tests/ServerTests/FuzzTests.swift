import Client
import Foundation
import Server
import TestSupport
import Testing

/// schemathesis fuzzes a real server through its own OpenAPI document (`/api/openapi.yaml`, derived
/// from the router, so every route is reached), once with a user's token and once with a runner's,
/// about a minute and a half each: any 5xx, a status the document does not list for the route, a
/// response that does not match its documented schema or
/// content type fails. `make test` runs this suite alone, after the others.
@Suite struct FuzzTests {
    @Test(arguments: ["user", "runner"])
    func schemathesisFindsNo5xxAndNoSchemaViolation(as role: String) async throws {
        try await PythonModule.require("schemathesis")
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            _ = try await server.alice.submit(.hello())
            let client = role == "user" ? server.alice : server.runner
            let token = try #require(client.token)
            let run = try await ChildProcess.run([
                "timeout", "150", "python3", "-m", "schemathesis.cli", "run",
                "\(server.url.absoluteString)/api/openapi.yaml",
                "-H", "Authorization: Bearer \(token)",
                "--checks",
                "not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance",
                "--phases", "examples,fuzzing", "--max-examples", "30", "--max-time", "80",
                "--request-timeout", "70", "--seed", "14", "--no-color",
                // A take and a kept VM's long-poll wait up to 300 s (past the request timeout);
                // RequestNumbersTests checks their numbers.
                "--exclude-path-regex", "^/api/(runner/take|jobs/\\{id\\}/ssh)$",
            ])
            #expect(run.status == 0, "schemathesis as \(role):\n\(run.output.suffix(20000))")
            #expect(run.output.contains("Fuzzing"), "\(run.output.suffix(2000))")
            #expect(try await server.anonymous.exchange("GET", "/metrics").status == 200)
        }
    }
}
