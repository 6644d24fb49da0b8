import Foundation
import GitPush
import Manifest
import Testing

/// `CommitStatus.request`: the shape of the request that sets a commit's status on each forge
/// (method, path, headers, JSON), as each forge's status API documents it. No forge runs here: this
/// checks what hck would send, not that a forge takes it.
@Suite struct CommitStatusTests {
    static let commit = "bffeb74224043ba2feb48d137756c8a9331c449a"

    static func status(_ forge: Forge, _ api: String, _ state: CommitStatus.State) -> CommitStatus {
        CommitStatus(
            forge: forge,
            apiURL: api,
            repository: "ada/project",
            commit: commit,
            state: state,
            targetURL: "https://ci.example.org/groups/12",
            description: "2 of 3 jobs ended"
        )
    }

    static func json(_ request: ForgeHTTPRequest) throws -> [String: String] {
        try #require(JSONSerialization.jsonObject(with: request.body) as? [String: String])
    }

    @Test func gitea() throws {
        let request = Self.status(.gitea, "https://gitea.example.org/api/v1/", .pending).request(token: "t0k")
        #expect(request.method == "POST")
        #expect(request.url == "https://gitea.example.org/api/v1/repos/ada/project/statuses/\(Self.commit)")
        #expect(request.header("authorization") == "token t0k")
        #expect(request.header("content-type") == "application/json")
        #expect(
            try Self.json(request) == [
                "state": "pending", "target_url": "https://ci.example.org/groups/12",
                "description": "2 of 3 jobs ended", "context": "hck",
            ]
        )
    }

    @Test func gitHub() throws {
        let request = Self.status(.github, "https://api.github.com", .failure).request(token: "ghp_x")
        #expect(request.url == "https://api.github.com/repos/ada/project/statuses/\(Self.commit)")
        #expect(request.header("Authorization") == "Bearer ghp_x")
        #expect(request.header("Accept") == "application/vnd.github+json")
        #expect(request.header("X-GitHub-Api-Version") == "2022-11-28")
        #expect(request.header("User-Agent") == "hck")
        #expect(try Self.json(request)["state"] == "failure")
    }

    @Test func gitLab() throws {
        var status = Self.status(.gitlab, "https://gitlab.example.org/api/v4", .error)
        status.repository = "group/sub group/project"
        let request = status.request(token: "glpat")
        #expect(
            request.url
                == "https://gitlab.example.org/api/v4/projects/group%2Fsub%20group%2Fproject/statuses/\(Self.commit)"
        )
        #expect(request.header("PRIVATE-TOKEN") == "glpat")
        #expect(request.header("Authorization") == nil)
        let body = try Self.json(request)
        #expect(body["state"] == "canceled")
        #expect(body["name"] == "hck" && body["context"] == nil)
        status.state = .failure
        #expect(try Self.json(status.request(token: "glpat"))["state"] == "failed")
    }

    @Test func aLongDescriptionIsCutToGitHubsLimit() throws {
        var status = Self.status(.github, "https://api.github.com", .success)
        status.description = String(repeating: "x", count: 300)
        let description = try #require(try Self.json(status.request(token: "t"))["description"])
        #expect(description.count == 140 && description.hasSuffix("…"))
    }

    @Test func aGroupIsPendingUntilItsJobsEndThenFailureBeforeErrorBeforeSuccess() {
        #expect(CommitStatus.state(of: [.success, .running]) == .pending)
        #expect(CommitStatus.state(of: [.success, .cancelled, .timeout]) == .failure)
        #expect(CommitStatus.state(of: [.success, .cancelled]) == .error)
        #expect(CommitStatus.state(of: [.success, .success]) == .success)
    }
}
