import Client
import Foundation
import HckCore
import Images
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

/// Tokens over real HTTP: revoked with `hck admin revoke-token`, and a job's own OAUTH2_TOKEN.
@Suite struct TokenTests {
    @Test func revokedTokensAreRefusedWithAClear401() async throws {
        #expect(
            FileManager.default.isExecutableFile(atPath: try BuiltProducts.hck.path),
            "build hck first (swift build)"
        )
        let dir = try TemporaryDirectory()
        try await TestServer.inRouter(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            #expect(try await server.bob.jobs().isEmpty)
            let byName = try await Self.admin(["revoke-token", "--user", "bob", "--reason", "left the team"], server)
            #expect(byName.status == 0)
            #expect(byName.output.contains("revoked 1 token(s) of bob"))
            let refused = try await Self.refusal(of: server.bob)
            #expect(refused.status == 401)
            #expect(refused.message.contains("revoked"))
            #expect(refused.message.contains("left the team"))
            #expect(refused.message.contains("hck admin create-user"))

            let runnerToken = try #require(server.runner.token)
            let one = try await Self.admin(["revoke-token", runnerToken], server)
            #expect(one.output.contains("revoked a token of r1"))
            #expect(try await Self.refusal(of: server.runner).status == 401)
            // What the command reports on a mistake comes from Administration (fewer child processes here).
            let admin = try Administration(dataDirectory: server.dataDirectory)
            let again = try await #require(throws: StoreError.self) {
                try await admin.revoke(token: runnerToken, reason: "x")
            }
            #expect(again.message.contains("already revoked"))
            let nobody = try await #require(throws: StoreError.self) {
                try await admin.revokeTokens(of: "nobody", reason: "x")
            }
            #expect(nobody.message.contains("no user or runner named 'nobody'"))
            #expect(try await server.alice.jobs().isEmpty, "other users' tokens still work")
            let unknown = try await server.client(token: "forged").exchange("GET", "/api/jobs")
            #expect(String(decoding: unknown.body, as: UTF8.self).contains("unknown"))
        }
    }

    @Test func aJobGetsItsOwnersTokenOnlyWhileItRunsAndOnlyWithSecrets() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let oauth = "image: debian/stable\noauth: hck/JOBS:RO\ntasks:\n  - a: echo\n"
            let job = try await server.alice.submit(SubmitRequest(manifest: oauth))
            let assignment = try #require(try await server.runner.take(wait: 5))
            #expect(assignment.job.id == job.id)
            let token = try #require(assignment.oauth2Token, "a manifest with oauth gets OAUTH2_TOKEN")
            let inJob = server.client(token: token)
            #expect(try await inJob.jobs().map(\.id) == [job.id], "the token acts as the job's owner")
            #expect(try await inJob.job(job.id).owner.name == "alice")
            let (signIn, cookie) = try await WebAccessTests().signIn(WebClient(baseURL: server.url), token: token)
            #expect(signIn.status == 401 && cookie.isEmpty, "a job's token does not sign in to the web pages")
            #expect(
                signIn.text.contains("a job&#39;s token") || signIn.text.contains("a job's token"),
                "\(signIn.text)"
            )
            _ = try await server.runner.finish(job.id, status: .success)
            let expired = try await Self.refusal(of: inJob)
            #expect(expired.status == 401)
            #expect(expired.message.contains("job \(job.id)"))

            _ = try await server.alice.submit(SubmitRequest(manifest: oauth, secrets: false))
            #expect(try #require(try await server.runner.take(wait: 5)).oauth2Token == nil, "no secrets, no token")
            _ = try await server.alice.submit(.hello())
            #expect(try #require(try await server.runner.take(wait: 5)).oauth2Token == nil, "no oauth, no token")
        }
    }

    /// Runs `hck admin ARGS --data DIR`.
    static func admin(_ arguments: [String], _ server: TestServer) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(try BuiltProducts.hck, ["admin"] + arguments + ["--data", server.dataDirectory])
    }

    /// The error a client gets, waiting up to 5 s (the server trusts a token for a second).
    static func refusal(of client: APIClient) async throws -> ClientError {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                _ = try await client.jobs()
            } catch let error as ClientError {
                return error
            }
            guard ContinuousClock.now < deadline else { throw StillAccepted() }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct StillAccepted: Error, CustomStringConvertible {
        var description: String { "the token was still accepted 5 s after its revocation" }
    }
}
