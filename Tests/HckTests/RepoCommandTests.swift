import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// `hck repo add|list|rm` as users run them, against a real server: what is registered, what the
/// listing shows (never the secret), and each bad input's error naming the flag or field.
@Suite struct RepoCommandTests {
    @Test func repositoriesAreAddedListedAndRemovedAndBadInputSaysWhereAndWhy() async throws {
        let dir = try TemporaryDirectory()
        let secret = dir.path("hook.secret")
        let token = dir.path("status.token")
        try "s3cret-value\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try "token-value\n".write(toFile: token, atomically: true, encoding: .utf8)
        try "".write(toFile: dir.path("empty"), atomically: true, encoding: .utf8)
        try await TestServer.with(directory: dir) { server in
            let user = try await Administration(dataDirectory: server.dataDirectory).issueToken(
                for: "alice",
                role: .user
            )
            func hck(_ arguments: String...) async throws -> (status: Int32, output: String) {
                try await CommandLineTests.hck(arguments, url: server.url, token: user)
            }
            let clone = "https://git.example.org/ada/project.git"
            let added = try await hck(
                "repo",
                "add",
                "project",
                "--forge",
                "gitea",
                "--clone-url",
                clone,
                "--secret-file",
                secret,
                "--api-url",
                "https://git.example.org/api/v1",
                "--api-token-file",
                token
            )
            #expect(added.status == 0, "\(added.output)")
            #expect(
                added.output.contains("give gitea the webhook URL \(server.url.absoluteString)/api/forges/gitea"),
                "\(added.output)"
            )
            let listed = try await hck("repo", "list")
            #expect(
                listed.output.contains(
                    "project\tgitea\t\(clone)\tstatuses via https://git.example.org/api/v1\tforks: approve"
                ),
                "\(listed.output)"
            )
            #expect(!listed.output.contains("s3cret") && !listed.output.contains("token-value"))

            // Bad input: each says which flag or field, and why.
            let add = ["repo", "add", "x", "--forge", "github", "--secret-file", secret]
            let refusals: [(arguments: [String], says: String)] = [
                (add + ["--clone-url", clone, "--forge", "bitbucket"], "--forge must be gitea"),
                (add + ["--clone-url", clone, "--api-url", "https://api.github.com"], "go together"),
                (add + ["--clone-url", clone, "--secret-file", dir.path("nope")], "--secret-file: cannot read"),
                (add + ["--clone-url", clone, "--secret-file", dir.path("empty")], "is empty"),
                (add + ["--clone-url", "/srv/git/x.git"], "'clone_url' must be a"),
                (add + ["--clone-url", "https://ada:pw@github.com/ada/x.git"], "must not carry credentials"),
                (
                    ["repo", "add", "a/b", "--forge", "github", "--secret-file", secret, "--clone-url", clone],
                    "'name' of repository 'a/b'"
                ),
                (
                    ["repo", "add", "project", "--forge", "github", "--secret-file", secret, "--clone-url", clone],
                    "hck repo rm project"
                ),
            ]
            for refusal in refusals {
                let run = try await CommandLineTests.hck(refusal.arguments, url: server.url, token: user)
                #expect(run.status != 0 && run.output.contains(refusal.says), "\(refusal.arguments): \(run.output)")
            }

            #expect(try await hck("repo", "rm", "project").status == 0)
            #expect(try await hck("repo", "list").output.isEmpty)
            let unknown = try await hck("repo", "rm", "project")
            #expect(unknown.status != 0 && unknown.output.contains("no repository named 'project'"))
        }
    }
}
