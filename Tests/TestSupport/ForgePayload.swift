/// Webhook bodies in the shapes each forge documents for its push and pull (merge) request events
/// (trimmed, with fields hck does not read left in), filled with a test repository's values.
package enum ForgePayload {
    /// Forty zeros: a ref created or deleted.
    package static let zeros = String(repeating: "0", count: 40)

    /// GitHub's (and Gitea's) `push`.
    package static func gitHubPush(
        fullName: String,
        cloneURL: String,
        before: String = zeros,
        after: String,
        ref: String = "refs/heads/main"
    ) -> String {
        """
        {"ref": "\(ref)", "before": "\(before)", "after": "\(after)", "created": false, "deleted": false,
         "repository": {"id": 1296269, "name": "project", "full_name": "\(fullName)", "private": false,
                        "clone_url": "\(cloneURL)", "ssh_url": "git@127.0.0.1:\(fullName).git"},
         "pusher": {"name": "ada", "email": "ada@example.org"},
         "head_commit": {"id": "\(after)", "message": "A commit", "author": {"name": "Ada"}},
         "commits": []}
        """
    }

    /// GitHub's (and Gitea's) `pull_request`, from `headFullName` at `headURL` into `fullName`.
    package static func gitHubPullRequest(
        action: String = "opened",
        number: Int = 7,
        fullName: String,
        cloneURL: String,
        headFullName: String,
        headURL: String,
        headSHA: String
    ) -> String {
        """
        {"action": "\(action)", "number": \(number),
         "pull_request": {"number": \(number), "state": "open", "title": "Add a test",
                          "user": {"login": "grace", "id": 7},
                          "head": {"label": "grace:topic", "ref": "topic", "sha": "\(headSHA)",
                                   "repo": {"full_name": "\(headFullName)", "clone_url": "\(headURL)", "fork": true}},
                          "base": {"label": "ada:main", "ref": "main", "sha": "\(zeros)",
                                   "repo": {"full_name": "\(fullName)", "clone_url": "\(cloneURL)"}}},
         "repository": {"full_name": "\(fullName)", "clone_url": "\(cloneURL)"},
         "sender": {"login": "grace"}}
        """
    }

    /// GitHub's `ping`, sent when a hook is made.
    package static func gitHubPing(fullName: String, cloneURL: String) -> String {
        """
        {"zen": "Keep it logically awesome.", "hook_id": 1,
         "repository": {"full_name": "\(fullName)", "clone_url": "\(cloneURL)"}}
        """
    }

    /// GitLab's `Push Hook`.
    package static func gitLabPush(
        fullName: String,
        cloneURL: String,
        after: String,
        ref: String = "refs/heads/main"
    ) -> String {
        """
        {"object_kind": "push", "event_name": "push", "before": "\(zeros)", "after": "\(after)",
         "ref": "\(ref)", "checkout_sha": "\(after)", "user_username": "ada",
         "project": {"id": 1, "path_with_namespace": "\(fullName)", "git_http_url": "\(cloneURL)"},
         "commits": [], "total_commits_count": 0}
        """
    }

    /// GitLab's `Merge Request Hook` for a request opened within the project.
    package static func gitLabMergeRequest(fullName: String, cloneURL: String, headSHA: String) -> String {
        """
        {"object_kind": "merge_request", "event_type": "merge_request",
         "user": {"id": 1, "name": "Ada", "username": "ada"},
         "project": {"id": 1, "name": "project", "path_with_namespace": "\(fullName)", "git_http_url": "\(cloneURL)"},
         "object_attributes": {"id": 99, "iid": 3, "title": "Tidy", "state": "opened", "action": "open",
                               "source_branch": "tidy", "target_branch": "main",
                               "source_project_id": 1, "target_project_id": 1,
                               "last_commit": {"id": "\(headSHA)", "message": "Tidy"},
                               "source": {"path_with_namespace": "\(fullName)", "git_http_url": "\(cloneURL)"},
                               "target": {"path_with_namespace": "\(fullName)", "git_http_url": "\(cloneURL)"}}}
        """
    }
}
