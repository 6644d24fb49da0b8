import Foundation
import GitPush
import HckCore
import Testing

/// `ForgeEvent.read`: the push and pull (merge) request payloads of each forge, in the shapes their
/// documentation shows (trimmed, but with fields hck does not read left in), become what hck builds.
@Suite struct ForgeEventTests {
    static let before = "28e1879d029cb852e4844d9c718537df08844e03"
    static let after = "bffeb74224043ba2feb48d137756c8a9331c449a"
    static let zeros = String(repeating: "0", count: 40)

    static func read(_ forge: Forge, _ event: String, _ json: String) throws -> ForgeEvent {
        try ForgeEvent.read(forge: forge, headers: [forge.eventHeader: event], body: Data(json.utf8))
    }

    static func gitHubPush(after: String = after, ref: String = "refs/heads/main") -> String {
        """
        {"ref": "\(ref)", "before": "\(before)", "after": "\(after)", "created": false, "deleted": false,
         "repository": {"id": 1296269, "name": "project", "full_name": "ada/project", "private": false,
                        "clone_url": "https://git.example.org/ada/project.git",
                        "ssh_url": "git@git.example.org:ada/project.git"},
         "pusher": {"name": "ada", "email": "ada@example.org"},
         "head_commit": {"id": "\(after)", "message": "Fix the build", "author": {"name": "Ada"}},
         "commits": []}
        """
    }

    @Test(arguments: [Forge.github, .gitea]) func aPushIsItsRefAndRepository(forge: Forge) throws {
        let event = try Self.read(forge, "push", Self.gitHubPush())
        let expected = ForgePush(
            repository: ForgeRepository(
                fullName: "ada/project",
                cloneURLs: ["https://git.example.org/ada/project.git", "git@git.example.org:ada/project.git"]
            ),
            ref: PushedRef(old: Self.before, new: Self.after, name: "refs/heads/main")
        )
        #expect(event == .push(expected))

        guard case .push(let deleted) = try Self.read(forge, "push", Self.gitHubPush(after: Self.zeros)) else {
            Issue.record("a deletion is a push")
            return
        }
        #expect(deleted.ref.isDeletion)
    }

    static func gitHubPullRequest(action: String, headRepository: String, headURL: String?) -> String {
        let headRepo =
            headURL.map { #"{"full_name": "\#(headRepository)", "clone_url": "\#($0)", "fork": true}"# } ?? "null"
        return """
            {"action": "\(action)", "number": 42,
             "pull_request": {"number": 42, "state": "open", "title": "Add a test",
                              "user": {"login": "grace", "id": 7},
                              "head": {"label": "grace:topic", "ref": "topic", "sha": "\(after)", "repo": \(headRepo)},
                              "base": {"label": "ada:main", "ref": "main", "sha": "\(before)",
                                       "repo": {"full_name": "ada/project",
                                                "clone_url": "https://git.example.org/ada/project.git"}}},
             "repository": {"full_name": "ada/project", "clone_url": "https://git.example.org/ada/project.git"},
             "sender": {"login": "grace"}}
            """
    }

    @Test(arguments: [
        (Forge.github, "synchronize"), (.gitea, "synchronized"), (.github, "opened"), (.gitea, "reopened"),
    ])
    func aPullRequestFromAForkIsUntrusted(forge: Forge, action: String) throws {
        let json = Self.gitHubPullRequest(
            action: action,
            headRepository: "grace/project",
            headURL: "https://git.example.org/grace/project.git"
        )
        let expected = ForgePullRequest(
            repository: ForgeRepository(
                fullName: "ada/project",
                cloneURLs: ["https://git.example.org/ada/project.git"]
            ),
            number: 42,
            title: "Add a test",
            author: "grace",
            headCommit: Self.after,
            headBranch: "topic",
            headCloneURL: "https://git.example.org/grace/project.git",
            baseBranch: "main",
            isFromFork: true
        )
        #expect(try Self.read(forge, "pull_request", json) == .pullRequest(expected))
    }

    @Test func aPullRequestFromTheSameRepositoryIsTrustedAndADeletedForkIsNot() throws {
        let same = Self.gitHubPullRequest(
            action: "opened",
            headRepository: "ada/project",
            headURL: "https://git.example.org/ada/project.git"
        )
        guard case .pullRequest(let request) = try Self.read(.github, "pull_request", same) else {
            Issue.record("an opened request builds")
            return
        }
        #expect(!request.isFromFork)

        let deletedFork = Self.gitHubPullRequest(action: "synchronize", headRepository: "", headURL: nil)
        guard case .pullRequest(let orphan) = try Self.read(.github, "pull_request", deletedFork) else {
            Issue.record("a request whose fork is gone still builds")
            return
        }
        #expect(orphan.isFromFork)
        #expect(orphan.headCloneURL == "https://git.example.org/ada/project.git")
    }

    @Test func closedOrLabelledRequestsAndOtherEventsBuildNothing() throws {
        let closed = Self.gitHubPullRequest(action: "closed", headRepository: "ada/project", headURL: "u")
        #expect(try Self.read(.github, "pull_request", closed) == .ignored("pull request #42 was closed"))
        #expect(try Self.read(.gitea, "issues", "{}") == .ignored("Gitea event 'issues' starts no build"))
        #expect(try Self.read(.github, "ping", #"{"zen": "Keep it logically awesome.", "hook_id": 1}"#) == .ping)
    }

    static func gitLabMergeRequest(action: String, oldrev: String?, sourceProject: Int) -> String {
        """
        {"object_kind": "merge_request", "event_type": "merge_request",
         "user": {"id": 1, "name": "Grace", "username": "grace"},
         "project": {"id": 1, "name": "project", "path_with_namespace": "ada/project",
                     "git_http_url": "https://gitlab.example.org/ada/project.git",
                     "git_ssh_url": "git@gitlab.example.org:ada/project.git"},
         "object_attributes": {"id": 99, "iid": 7, "title": "Add a test", "state": "opened",
                               "action": "\(action)", \(oldrev.map { #""oldrev": "\#($0)","# } ?? "")
                               "source_branch": "topic", "target_branch": "main",
                               "source_project_id": \(sourceProject), "target_project_id": 1,
                               "last_commit": {"id": "\(after)", "message": "Add a test"},
                               "source": {"path_with_namespace": "grace/project",
                                          "git_http_url": "https://gitlab.example.org/grace/project.git"},
                               "target": {"path_with_namespace": "ada/project",
                                          "git_http_url": "https://gitlab.example.org/ada/project.git"}}}
        """
    }

    @Test func gitLabPushesAndMergeRequests() throws {
        let push = """
            {"object_kind": "push", "event_name": "push", "before": "\(Self.before)", "after": "\(Self.after)",
             "ref": "refs/tags/v1.0", "checkout_sha": "\(Self.after)", "user_username": "ada",
             "project": {"id": 1, "path_with_namespace": "ada/project",
                         "git_http_url": "https://gitlab.example.org/ada/project.git"},
             "commits": [], "total_commits_count": 0}
            """
        let expectedPush = ForgePush(
            repository: ForgeRepository(
                fullName: "ada/project",
                cloneURLs: ["https://gitlab.example.org/ada/project.git"]
            ),
            ref: PushedRef(old: Self.before, new: Self.after, name: "refs/tags/v1.0")
        )
        #expect(try Self.read(.gitlab, "Tag Push Hook", push) == .push(expectedPush))

        let opened = Self.gitLabMergeRequest(action: "open", oldrev: nil, sourceProject: 2)
        guard case .pullRequest(let request) = try Self.read(.gitlab, "Merge Request Hook", opened) else {
            Issue.record("an opened merge request builds")
            return
        }
        #expect(request.number == 7 && request.author == "grace" && request.headCommit == Self.after)
        #expect(request.headCloneURL == "https://gitlab.example.org/grace/project.git")
        #expect(request.isFromFork && request.baseBranch == "main" && request.headBranch == "topic")
        #expect(request.repository.fullName == "ada/project")

        let pushedTo = Self.gitLabMergeRequest(action: "update", oldrev: Self.before, sourceProject: 1)
        guard case .pullRequest(let updated) = try Self.read(.gitlab, "Merge Request Hook", pushedTo) else {
            Issue.record("an update with new commits builds")
            return
        }
        #expect(!updated.isFromFork)

        let retitled = Self.gitLabMergeRequest(action: "update", oldrev: nil, sourceProject: 1)
        #expect(
            try Self.read(.gitlab, "Merge Request Hook", retitled)
                == .ignored("merge request !7 was updated without new commits")
        )
    }

    @Test func aMalformedPayloadSaysWhichField() {
        #expect(
            throws: ForgeError(.malformedPayload, "GitHub 'push' delivery: repository.clone_url is missing")
        ) {
            try Self.read(
                .github,
                "push",
                #"{"ref": "refs/heads/main", "before": "a", "after": "b", "repository": {"full_name": "x"}}"#
            )
        }
        #expect(throws: ForgeError.self) {
            try Self.read(.gitlab, "Push Hook", "not json")
        }
        #expect(
            throws: ForgeError(
                .malformedPayload,
                "GitLab 'Merge Request Hook' delivery: object_attributes.target_project_id is not Int"
            )
        ) {
            try Self.read(
                .gitlab,
                "Merge Request Hook",
                Self.gitLabMergeRequest(action: "open", oldrev: nil, sourceProject: 2).replacingOccurrences(
                    of: #""target_project_id": 1"#,
                    with: #""target_project_id": "one""#
                )
            )
        }
    }
}
