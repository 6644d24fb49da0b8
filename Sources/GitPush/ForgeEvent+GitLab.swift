import Foundation
import HckCore

/// GitLab's payloads.
extension ForgeEvent {
    /// GitLab's `Push Hook`, `Tag Push Hook` and `Merge Request Hook`. A merge request builds when it
    /// is opened or reopened, and on `update` only when it got new commits (GitLab then sends `oldrev`).
    static func gitLab(kind: String, body: Data) throws -> ForgeEvent {
        let decoder = ForgeEvent.decoder
        switch kind {
        case "Push Hook", "Tag Push Hook":
            let push = try decoder.decode(GitLabPush.self, from: body)
            return .push(
                ForgePush(
                    repository: push.project.forgeRepository,
                    ref: PushedRef(old: push.before, new: push.after, name: push.ref)
                )
            )
        case "Merge Request Hook":
            let event = try decoder.decode(GitLabMergeRequestEvent.self, from: body)
            let request = event.objectAttributes
            let action = request.action ?? "open"
            let builds = action == "open" || action == "reopen" || (action == "update" && request.oldrev != nil)
            guard builds else {
                return .ignored(
                    "merge request !\(request.iid) was \(action == "update" ? "updated without new commits" : action)"
                )
            }
            guard let head = request.lastCommit else {
                throw ForgeError(
                    .malformedPayload,
                    "GitLab 'Merge Request Hook' delivery: object_attributes.last_commit is missing"
                )
            }
            let target = event.project.forgeRepository
            return .pullRequest(
                ForgePullRequest(
                    repository: target,
                    number: request.iid,
                    title: request.title,
                    author: event.user.username,
                    headCommit: head.id,
                    headBranch: request.sourceBranch,
                    headCloneURL: request.source?.gitHttpUrl ?? target.cloneURLs.first ?? "",
                    baseBranch: request.targetBranch,
                    isFromFork: request.sourceProjectId != request.targetProjectId
                )
            )
        default:
            return .ignored("GitLab event '\(kind)' starts no build")
        }
    }
}

/// A project in a GitLab payload.
struct GitLabProject: Decodable {
    var pathWithNamespace: String
    var gitHttpUrl: String
    var gitSshUrl: String?

    var forgeRepository: ForgeRepository {
        ForgeRepository(fullName: pathWithNamespace, cloneURLs: [gitHttpUrl] + (gitSshUrl.map { [$0] } ?? []))
    }
}

/// GitLab's push and tag push payload, the fields hck reads.
private struct GitLabPush: Decodable {
    var ref: String
    var before: String
    var after: String
    var project: GitLabProject
}

/// GitLab's merge request payload, the fields hck reads.
private struct GitLabMergeRequestEvent: Decodable {
    struct User: Decodable { var username: String }
    struct Commit: Decodable { var id: String }
    struct Source: Decodable { var gitHttpUrl: String }
    struct Attributes: Decodable {
        var iid: Int
        var title: String
        var action: String?
        var oldrev: String?
        var sourceBranch: String
        var targetBranch: String
        /// Null when the source project was deleted.
        var sourceProjectId: Int?
        var targetProjectId: Int
        var lastCommit: Commit?
        var source: Source?
    }

    var user: User
    var project: GitLabProject
    var objectAttributes: Attributes
}
