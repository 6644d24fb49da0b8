import Foundation

/// GitHub's payloads, which Gitea and Forgejo follow field for field where hck reads them.
extension ForgeEvent {
    /// The `push`, `pullRequest` and `ping` events of GitHub, and of Gitea (whose pull request
    /// synchronisation is `synchronized`, and may come as its own `pull_request_sync` event).
    static func gitHubShaped(forge: Forge, kind: String, body: Data) throws -> ForgeEvent {
        let decoder = ForgeEvent.decoder
        switch kind {
        case "ping":
            return .ping
        case "push":
            let push = try decoder.decode(GitHubPush.self, from: body)
            return .push(
                ForgePush(
                    repository: push.repository.forgeRepository,
                    ref: PushedRef(old: push.before, new: push.after, name: push.ref)
                )
            )
        case "pull_request", "pull_request_sync":
            let event = try decoder.decode(GitHubPullRequestEvent.self, from: body)
            let builds: Set<String> = ["opened", "reopened", "synchronize", "synchronized"]
            guard builds.contains(event.action) else {
                return .ignored("pull request #\(event.number) was \(event.action)")
            }
            let request = event.pullRequest
            let base = request.base.repo.forgeRepository
            let head = request.head.repo?.forgeRepository
            return .pullRequest(
                ForgePullRequest(
                    repository: base,
                    number: event.number,
                    title: request.title,
                    author: request.user.login,
                    headCommit: request.head.sha,
                    headBranch: request.head.ref,
                    headCloneURL: head?.cloneURLs.first ?? base.cloneURLs.first ?? "",
                    baseBranch: request.base.ref,
                    isFromFork: head?.fullName != base.fullName
                )
            )
        default:
            return .ignored("\(forge.displayName) event '\(kind)' starts no build")
        }
    }
}

/// A repository in a GitHub-shaped payload.
struct GitHubRepository: Decodable {
    var fullName: String
    var cloneUrl: String
    var sshUrl: String?

    var forgeRepository: ForgeRepository {
        ForgeRepository(fullName: fullName, cloneURLs: [cloneUrl] + (sshUrl.map { [$0] } ?? []))
    }
}

/// GitHub's (and Gitea's) `push` payload, the fields hck reads.
private struct GitHubPush: Decodable {
    var ref: String
    var before: String
    var after: String
    var repository: GitHubRepository
}

/// GitHub's (and Gitea's) `pullRequest` payload, the fields hck reads.
private struct GitHubPullRequestEvent: Decodable {
    struct User: Decodable { var login: String }
    struct Branch: Decodable {
        var ref: String
        var sha: String
        /// Null when the fork it came from was deleted.
        var repo: GitHubRepository?
    }
    struct BaseBranch: Decodable {
        var ref: String
        var repo: GitHubRepository
    }
    struct PullRequest: Decodable {
        var title: String
        var user: User
        var head: Branch
        var base: BaseBranch
    }

    var action: String
    var number: Int
    var pullRequest: PullRequest
}
