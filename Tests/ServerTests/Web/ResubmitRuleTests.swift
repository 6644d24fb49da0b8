import Client
import Foundation
import TestSupport
import Testing
import Wire

/// One rule for resubmit, whichever way it comes: the web form and the API both go through
/// JobService.resubmit, so another user's resubmit runs without the owner's secrets, and the
/// owner's keeps them. The runner's assignment shows what each copy was given.
@Suite struct ResubmitRuleTests {
    @Test func theWebAndTheAPIDecideSecretsAlike() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            // Bob has a secret of the same name, so the manifest is valid for him too.
            for client in [server.alice, server.bob] {
                _ = try await client.addSecret(
                    SecretRequest(name: "token", kind: .file, path: "~/token", value: Data("mine".utf8))
                )
            }
            let manifest = "image: debian/stable\nsecrets: [token]\ntasks:\n  - a: cat ~/token\n"
            let original = try await server.alice.submit(SubmitRequest(manifest: manifest, visibility: .unlisted))
            #expect(try await Self.secrets(of: original.id, server) == ["token"], "the owner's job gets her secret")

            let web = WebClient(baseURL: server.url)
            for (user, client, expected) in [("bob", server.bob, [String]()), ("alice", server.alice, ["token"])] {
                let byAPI = try await client.resubmit(original.id)
                #expect(try await Self.secrets(of: byAPI.id, server) == expected, "\(user)'s resubmit through the API")
                let (_, cookie) = try await WebAccessTests().signIn(web, token: try #require(client.token))
                let page = try await web.send("GET", "/jobs/\(original.id)", cookie: cookie)
                let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
                let form = try await web.send(
                    "POST",
                    "/jobs/\(original.id)/resubmit",
                    cookie: cookie,
                    form: ["csrf": String(csrf)]
                )
                let byWeb = try #require(form.headers["location"].flatMap { Int64($0.dropFirst("/jobs/".count)) })
                #expect(try await Self.secrets(of: byWeb, server) == expected, "\(user)'s resubmit through the web")
            }
        }
    }

    /// The names of the secrets the runner is handed with the job (taking it).
    static func secrets(of id: Int64, _ server: TestServer) async throws -> [String] {
        let assignment = try #require(try await server.runner.take(wait: 5))
        #expect(assignment.job.id == id)
        return assignment.secrets.map(\.name)
    }
}
