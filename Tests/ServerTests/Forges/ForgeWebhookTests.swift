import Client
import Foundation
import GitPush
import Manifest
import Server
import TestSupport
import Testing
import Wire

/// `POST /api/forges/:forge` on a real server: deliveries in each forge's documented shapes, signed
/// as each forge signs, for a repository served by a real `git daemon` on loopback, whose commits
/// the server fetches. Commit statuses go to a loopback HTTP recorder standing in for the forge's
/// API: these tests check each request's shape (path, headers, JSON), as no real forge runs here.
@Suite struct ForgeWebhookTests {
    static let secret = "webhook-secret"

    /// A repository `project.git` with a manifest whose source is the repository itself (its URL
    /// on the daemon) and which names alice's secret, served by a `git daemon`.
    struct Served {
        let tree: GitWorkTree
        let daemon: GitDaemon
        let head: String
        var cloneURL: String { daemon.url("project.git") }

        init() async throws {
            tree = try await GitWorkTree()
            try await tree.commit("Start", files: ["README": "hello"])
            try await tree.git("push", "-q", "origin", "main")
            daemon = try await GitDaemon(
                serving: tree.directory.url.path,
                log: tree.directory.url.appendingPathComponent("daemon.log")
            )
            let manifest = """
                image: debian/stable
                sources:
                  - \(daemon.url("project.git"))
                secrets:
                  - deploy
                tasks:
                  - build: echo built
                """
            head = try await tree.commit("Add the build", files: [".build.yml": manifest])
            try await tree.git("push", "-q", "origin", "main")
        }
    }

    /// Sends a delivery as `forge` would, signed with `secret`; the status and the body.
    static func deliver(
        _ server: TestServer,
        _ forge: Forge,
        event: String,
        _ json: String,
        secret: String? = ForgeWebhookTests.secret
    ) async throws -> (status: Int, body: String) {
        let body = Data(json.utf8)
        var headers = ["Content-Type": "application/json", forge.eventHeader: event]
        if let secret {
            headers[forge.signatureHeader] = ForgeSignature.sign(forge: forge, body: body, secret: Data(secret.utf8))
        }
        let path = "/api/forges/\(forge.rawValue)"
        let answer = try await server.anonymous.exchange("POST", path, body: body, headers: headers)
        return (answer.status, String(decoding: answer.body, as: UTF8.self))
    }

    static func reply(_ body: String) throws -> ForgeDeliveryReply {
        try JSONDecoder.api.decode(ForgeDeliveryReply.self, from: Data(body.utf8))
    }

    /// Registers alice's repository `project` on `forge`, served at `served`, with commit statuses
    /// through `apiURL`, after adding her secret `deploy`, which the manifest names.
    @discardableResult
    static func register(_ server: TestServer, _ forge: Forge, _ served: Served, apiURL: String, token: String)
        async throws -> RepositoryView
    {
        try await server.runner.register(TestServer.capacity)
        try await addSecret(server)
        return try await server.alice.addRepository(
            RepositoryRequest(
                name: "project",
                forge: forge.rawValue,
                cloneUrl: served.cloneURL,
                secret: secret,
                apiUrl: apiURL,
                apiToken: token
            )
        )
    }

    /// Adds alice's secret `deploy`, which the manifest names.
    static func addSecret(_ server: TestServer) async throws {
        _ = try await server.alice.addSecret(
            SecretRequest(name: "deploy", kind: .file, path: "~/deploy", mode: 0o600, value: Data("s".utf8))
        )
    }

    @Test func aGitHubPushBuildsItsCommitAndSetsItsStatusWithRetries() async throws {
        let served = try await Served()
        defer { served.daemon.stop() }
        let dir = try TemporaryDirectory()
        // The status API fails once (502), then takes every status.
        try await HTTPRecorder.with(answering: [502, 201]) { api in
            try await TestServer.with(
                directory: dir,
                configure: { $0.commitStatuses = CommitStatusSender(attempts: 3, firstBackoff: .milliseconds(200)) }
            ) { server in
                let added = try await Self.register(server, .github, served, apiURL: api.url, token: "status-token")
                #expect(added.webhookUrl == "\(server.url.absoluteString)/api/forges/github")
                #expect(added.forkBuilds == "approve")
                let push = ForgePayload.gitHubPush(
                    fullName: "ada/project",
                    cloneURL: served.cloneURL,
                    after: served.head
                )

                // Refusals: an unknown forge, a wrong or missing signature, an unregistered repository,
                // a body that is not the forge's JSON.
                let wrong = try await Self.deliver(server, .github, event: "push", push, secret: "guess")
                #expect(wrong.status == 401, "\(wrong.body)")
                #expect(wrong.body.contains("x-hub-signature-256 does not match"), "\(wrong.body)")
                #expect(try await Self.deliver(server, .github, event: "push", push, secret: nil).status == 401)
                let elsewhere = ForgePayload.gitHubPush(
                    fullName: "ada/other",
                    cloneURL: served.daemon.url("other.git"),
                    after: served.head
                )
                let unknown = try await Self.deliver(server, .github, event: "push", elsewhere)
                #expect(unknown.status == 404 && unknown.body.contains("hck repo add"), "\(unknown.body)")
                #expect(try await Self.deliver(server, .gitlab, event: "Push Hook", push).status == 400)
                let other = try await server.anonymous.exchange("POST", "/api/forges/bitbucket", body: Data(push.utf8))
                #expect(other.status == 404)
                #expect(try await server.alice.jobs().isEmpty, "no refused delivery submitted anything")

                // GitHub's ping, when the hook is made.
                let ping = ForgePayload.gitHubPing(fullName: "ada/project", cloneURL: served.cloneURL)
                let pong = try await Self.deliver(server, .github, event: "ping", ping)
                #expect(pong.status == 200 && pong.body.contains("pong"), "\(pong.body)")

                // The push: one group of alice's, its source pinned to the pushed commit.
                let answer = try await Self.deliver(server, .github, event: "push", push)
                #expect(answer.status == 200, "\(answer.body)")
                let build = try #require(try Self.reply(answer.body).builds.first)
                let groupID = try #require(build.group, "\(answer.body)")
                #expect(build.url == "\(server.url.absoluteString)/groups/\(groupID)")
                let jobID = try #require(build.jobs.first)
                let job = try await server.alice.job(jobID)
                #expect(job.tags == ["project", "main"])
                #expect(job.note?.hasPrefix("Add the build") == true)
                let assignment = try #require(try await server.runner.take(wait: 30))
                #expect(assignment.job.id == jobID)
                #expect(assignment.manifest.contains("\(served.cloneURL)#\(served.head)"), "\(assignment.manifest)")
                #expect(assignment.manifest.contains("BUILD_SUBMITTER: 'github'"), "\(assignment.manifest)")
                #expect(assignment.manifest.contains("BUILD_REASON: 'push'"))
                #expect(assignment.secrets.map(\.name) == ["deploy"], "a push to the repository itself is trusted")

                // Its status: pending (the first attempt answered 502, the second took it)…
                let failed = try #require(await api.next(), "the pending status is sent")
                #expect(failed.answered == 502)
                let pending = try #require(await api.next(), "the pending status is sent again")
                #expect(pending.method == "POST")
                #expect(pending.path == "/repos/ada/project/statuses/\(served.head)")
                #expect(pending.headers["authorization"] == "Bearer status-token")
                #expect(pending.headers["accept"] == "application/vnd.github+json")
                #expect(pending.headers["x-github-api-version"] == "2022-11-28")
                #expect(pending.headers["user-agent"] == "hck")
                #expect(pending.json["state"] as? String == "pending")
                #expect(pending.json["context"] as? String == "hck")
                #expect(pending.json["target_url"] as? String == build.url)

                // …then success when the job ends.
                _ = try await server.runner.finish(jobID, status: .success)
                let done = try #require(await api.next(), "the final status is sent")
                #expect(done.path == pending.path)
                #expect(done.json["state"] as? String == "success")
                #expect(done.json["description"] as? String == "1 of 1 job succeeded")

                // Each delivery is on the job page's record, with its attempts.
                var recorded: [TriggerDelivery] = []
                for _ in 0..<50 {
                    recorded = try await server.alice.job(jobID).triggers.filter { $0.action == "commit-status" }
                    if recorded.count == 2 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(recorded.map(\.succeeded) == [true, true])
                #expect(recorded.map(\.attempts) == [2, 1])
                #expect(recorded.first?.target == "GitHub ada/project@\(served.head.prefix(12))")

                // A commit that says to skip CI, and a deleted branch, submit nothing.
                let skipped = try await served.tree.commit("Tidy [skip ci]", files: ["README": "tidy"])
                try await served.tree.git("push", "-q", "origin", "main")
                let skip = try await Self.deliver(
                    server,
                    .github,
                    event: "push",
                    ForgePayload.gitHubPush(fullName: "ada/project", cloneURL: served.cloneURL, after: skipped)
                )
                #expect(skip.status == 200 && skip.body.contains("skip CI"), "\(skip.body)")
                let deletion = ForgePayload.gitHubPush(
                    fullName: "ada/project",
                    cloneURL: served.cloneURL,
                    after: ForgePayload.zeros,
                    ref: "refs/heads/topic"
                )
                let deleted = try await Self.deliver(server, .github, event: "push", deletion)
                #expect(deleted.status == 200 && deleted.body.contains("was deleted"), "\(deleted.body)")
                #expect(try await server.alice.jobs().count == 1)

                // A removed repository's deliveries are unknown from then on.
                try await server.alice.removeRepository("project")
                #expect(try await Self.deliver(server, .github, event: "push", push).status == 404)
            }
        }
    }

    @Test func aForkPullRequestOnGiteaWaitsForApprovalAndRunsWithoutSecrets() async throws {
        let served = try await Served()
        defer { served.daemon.stop() }
        // The fork: another repository on the same host, with a commit of its own on `topic`.
        let forkPath = served.tree.directory.path("fork.git")
        _ = try await ChildProcess.run(["git", "init", "-q", "--bare", forkPath])
        try await served.tree.git("checkout", "-q", "-b", "topic")
        let forked = try await served.tree.commit("Add a test", files: ["test.sh": "true"])
        try await served.tree.git("push", "-q", forkPath, "topic")
        let forkURL = served.daemon.url("fork.git")
        let dir = try TemporaryDirectory()
        try await HTTPRecorder.with { api in
            try await TestServer.with(directory: dir) { server in
                try await Self.register(server, .gitea, served, apiURL: api.url + "/api/v1", token: "gitea-token")
                let request = ForgePayload.gitHubPullRequest(
                    fullName: "ada/project",
                    cloneURL: served.cloneURL,
                    headFullName: "grace/project",
                    headURL: forkURL,
                    headSHA: forked
                )
                let answer = try await Self.deliver(server, .gitea, event: "pull_request", request)
                #expect(answer.status == 200, "\(answer.body)")
                let build = try #require(try Self.reply(answer.body).builds.first)
                #expect(build.note?.contains("waits for ~alice's approval") == true, "\(answer.body)")
                let groupID = try #require(build.group)
                let jobID = try #require(build.jobs.first)
                #expect(try await server.alice.job(jobID).status == .pending)
                #expect(try await server.alice.job(jobID).tags == ["project", "pr-7"])
                #expect(try await server.runner.take(wait: 1) == nil, "a held group is not handed out")

                // Gitea's status API: pending, waiting for approval.
                let waiting = try #require(await api.next())
                #expect(waiting.path == "/api/v1/repos/ada/project/statuses/\(forked)")
                #expect(waiting.headers["authorization"] == "token gitea-token")
                #expect(waiting.json["state"] as? String == "pending")
                #expect((waiting.json["description"] as? String)?.contains("approval") == true)

                // The group's page offers its owner, and only her, the approval; she approves there.
                let web = WebClient(baseURL: server.url)
                let (_, bobs) = try await WebAccessTests().signIn(web, token: try #require(server.bob.token))
                #expect(try await !web.send("GET", "/groups/\(groupID)", cookie: bobs).text.contains("Approve and run"))
                let (_, cookie) = try await WebAccessTests().signIn(web, token: try #require(server.alice.token))
                let page = try await web.send("GET", "/groups/\(groupID)", cookie: cookie)
                #expect(page.text.contains("Approve and run"), "\(page.text)")
                let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
                let forged = try await web.send("POST", "/groups/\(groupID)/start", cookie: cookie, form: ["csrf": "0"])
                #expect(forged.status == 403, "a form without the page's CSRF token is refused")
                let approved = try await web.send(
                    "POST",
                    "/groups/\(groupID)/start",
                    cookie: cookie,
                    form: ["csrf": String(csrf)]
                )
                #expect(approved.headers["location"] == "/groups/\(groupID)")
                let assignment = try #require(try await server.runner.take(wait: 30))
                #expect(assignment.job.id == jobID)
                #expect(assignment.secrets.isEmpty, "a fork's build gets no secrets")
                #expect(assignment.oauth2Token == nil)
                #expect(assignment.manifest.contains("\(forkURL)#\(forked)"), "from the fork: \(assignment.manifest)")
                #expect(assignment.manifest.contains("BUILD_REASON: 'pull_request'"))
                #expect(assignment.manifest.contains("PULL_REQUEST: '7'"))
                #expect(assignment.manifest.contains("GIT_REF: 'refs/pull/7/head'"))
                let running = try #require(await api.next())
                #expect((running.json["description"] as? String)?.contains("queued or running") == true)

                _ = try await server.runner.finish(jobID, status: .failed)
                let failed = try #require(await api.next())
                #expect(failed.json["state"] as? String == "failure")

                // A fork elsewhere is not fetched from at all: another host, another port on this
                // host, or a scheme the server does not fetch over (ssh would use its own keys).
                let elsewhere = [
                    ("git://localhost:\(served.daemon.port)/fork.git", "not on 127.0.0.1"),
                    ("git://127.0.0.1:1/fork.git", "not on 127.0.0.1"),
                    ("ssh://127.0.0.1/fork.git", "must be a git, http, https URL"),
                ]
                for (url, says) in elsewhere {
                    let request = ForgePayload.gitHubPullRequest(
                        number: 8,
                        fullName: "ada/project",
                        cloneURL: served.cloneURL,
                        headFullName: "mallory/project",
                        headURL: url,
                        headSHA: forked
                    )
                    let refused = try await Self.deliver(server, .gitea, event: "pull_request", request)
                    #expect(refused.status == 200 && refused.body.contains(says), "\(url): \(refused.body)")
                }
                #expect(try await server.alice.jobs().count == 1)
            }
        }
    }

    @Test func aGitLabPushAndMergeRequestBuildWithGitLabsStatusShape() async throws {
        let served = try await Served()
        defer { served.daemon.stop() }
        let dir = try TemporaryDirectory()
        try await HTTPRecorder.with { api in
            try await TestServer.with(directory: dir) { server in
                try await Self.register(server, .gitlab, served, apiURL: api.url + "/api/v4", token: "gitlab-token")
                let push = ForgePayload.gitLabPush(
                    fullName: "ada/project",
                    cloneURL: served.cloneURL,
                    after: served.head
                )
                let guessed = try await Self.deliver(server, .gitlab, event: "Push Hook", push, secret: "guess")
                #expect(guessed.status == 401)
                let pushed = try await Self.deliver(server, .gitlab, event: "Push Hook", push)
                #expect(pushed.status == 200, "\(pushed.body)")
                let status = try #require(await api.next())
                #expect(status.path == "/api/v4/projects/ada%2Fproject/statuses/\(served.head)")
                #expect(status.headers["private-token"] == "gitlab-token")
                #expect(status.json["state"] as? String == "pending")
                #expect(status.json["name"] as? String == "hck")

                // A merge request within the project is trusted: it runs at once, with secrets.
                let request = ForgePayload.gitLabMergeRequest(
                    fullName: "ada/project",
                    cloneURL: served.cloneURL,
                    headSHA: served.head
                )
                let opened = try await Self.deliver(server, .gitlab, event: "Merge Request Hook", request)
                #expect(opened.status == 200, "\(opened.body)")
                let jobID = try #require(try Self.reply(opened.body).builds.first?.jobs.first)
                #expect(try await server.alice.job(jobID).status == .queued)
                #expect(try await server.alice.job(jobID).tags == ["project", "pr-3"])
                var assignments: [Assignment] = []
                while let taken = try await server.runner.take(wait: 5) {
                    assignments.append(taken)
                    _ = try await server.runner.finish(taken.job.id, status: .success)
                }
                let merge = try #require(assignments.first { $0.job.id == jobID })
                #expect(merge.secrets.map(\.name) == ["deploy"])
                #expect(merge.manifest.contains("GIT_REF: 'refs/merge-requests/3/head'"))
            }
        }
    }
}
