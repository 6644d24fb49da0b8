import Client
import Foundation
import HckCore
import Manifest
import TestSupport
import Testing
import Wire

/// What a token may do, over real HTTP: a job's OAUTH2_TOKEN only what its manifest's `oauth`
/// grants name and never keys or secrets; a runner's token nothing on users' routes.
@Suite struct TokenGrantTests {
    static func manifest(oauth: String) -> String {
        "image: debian/stable\noauth: \(oauth)\ntasks:\n  - a: echo\n"
    }

    @Test func aJobsTokenDoesOnlyWhatItsGrantsName() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            var later = SubmitRequest.hello()
            later.execute = false
            let pending = try await server.alice.submit(later)
            let key = try await SSHKeyPair.make("ed25519", name: "planted", in: dir.path(""))
            let secret = SecretRequest(name: "planted", kind: .file, path: "~/planted", value: Data("x".utf8))

            let readOnly = try await server.alice.submit(
                SubmitRequest(manifest: Self.manifest(oauth: "builds.sr.ht/JOBS:RO"))
            )
            let reader = try await Self.token(of: readOnly.id, server)
            #expect(try await reader.jobs().map(\.id).contains(pending.id), "JOBS:RO lists the owner's jobs")
            #expect(try await reader.job(pending.id).status == .pending, "and reads one")
            let cancel = try await #require(throws: ClientError.self) { try await reader.cancel(pending.id) }
            #expect(cancel.status == 403 && cancel.message.contains("JOBS:RW"), "\(cancel)")
            let log = try await #require(throws: ClientError.self) {
                try await reader.log(readOnly.id, task: nil, offset: 0, wait: 0)
            }
            #expect(log.status == 403 && log.message.contains("LOGS:RO"), "\(log)")
            #expect(try await server.alice.job(pending.id).status == .pending)

            let readWrite = try await server.alice.submit(
                SubmitRequest(
                    manifest: Self.manifest(oauth: "builds.sr.ht/JOBS:RW hck/LOGS:RO git.sr.ht/REPOSITORIES:RW")
                )
            )
            let writer = try await Self.token(of: readWrite.id, server)
            _ = try await writer.log(readWrite.id, task: nil, offset: 0, wait: 0)
            #expect(try await writer.cancel(pending.id).status == .cancelled, "JOBS:RW cancels the owner's job")

            for token in [reader, writer] {
                for attempt in [
                    { _ = try await token.addKey(key.publicLine) },
                    { _ = try await token.keys() },
                    { _ = try await token.addSecret(secret) },
                    { _ = try await token.secrets() },
                ] as [() async throws -> Void] {
                    let refused = try await #require(throws: ClientError.self) { try await attempt() }
                    #expect(refused.status == 403 && refused.message.contains("never reads or changes SSH keys"))
                }
            }
            #expect(try await server.alice.keys().isEmpty, "no key was planted")
            #expect(try await server.alice.secrets().isEmpty, "no secret was planted")
        }
    }

    @Test func aRunnersTokenIsRefusedOnEveryUsersRoute() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let job = try await server.alice.submit(.hello())
            // The routes as the server lists them (its OpenAPI document is the router's own list).
            let document = String(
                decoding: try await server.anonymous.exchange("GET", "/api/openapi.yaml").body,
                as: UTF8.self
            )
            var routes: [(method: String, path: String)] = []
            var path = ""
            for line in document.split(separator: "\n") {
                if let match = line.wholeMatch(of: #/  (/\S+):/#) { path = String(match.1) }
                if let match = line.wholeMatch(of: #/    (get|post|put|delete|patch):/#) {
                    routes.append((match.1.uppercased(), path))
                }
            }
            // Every /api route but the runners' own and the public ones: two documents, the runner list
            // and the forges' webhooks (signed with a repository's secret, not a token).
            let documents: Set = ["/api/openapi.yaml", "/api/webhook-key", "/api/runners", "/api/forges/{forge}"]
            let users = routes.filter {
                $0.path.hasPrefix("/api/") && !$0.path.hasPrefix("/api/runner/") && !documents.contains($0.path)
            }
            #expect(users.count >= 15, "the users' routes: \(users)")
            for route in users {
                let concrete = route.path.replacingOccurrences(of: "{id}", with: String(job.id))
                    .replacingOccurrences(of: "{task}", with: "a").replacingOccurrences(of: "{name}", with: "x")
                let body = route.method == "GET" ? nil : Data("{}".utf8)
                let answer = try await server.runner.exchange(route.method, concrete, body: body)
                #expect(answer.status == 403, "\(route.method) \(concrete) with a runner's token: \(answer.status)")
            }
            #expect(try await server.alice.jobs().count == 1, "the runner submitted nothing")
        }
    }

    /// The OAUTH2_TOKEN the runner is handed with a job, as a client.
    static func token(of id: Int64, _ server: TestServer) async throws -> APIClient {
        let assignment = try #require(try await server.runner.take(wait: 5))
        #expect(assignment.job.id == id)
        return APIClient(baseURL: server.url, token: try #require(assignment.oauth2Token))
    }
}
