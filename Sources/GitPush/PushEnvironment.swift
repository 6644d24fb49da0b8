/// The variables a push sets in each manifest's `environment` (and so in `~/.buildenv`).
///
/// - `BUILD_SUBMITTER`: `git-hook`, or the forge's name (`gitea`, `github`, `gitlab`) for a
///   webhook's build (builds.sr.ht's variable; git.sr.ht sets `git.sr.ht`).
/// - `BUILD_REASON`: `push`, or `pull_request` for a pull (merge) request.
/// - `GIT_REF`: the pushed ref's full name, e.g. `refs/heads/main` (as git.sr.ht sets it); for a
///   request, the forge's ref of its head (`refs/pull/7/head`, GitLab `refs/merge-requests/7/head`).
/// - `GIT_COMMIT`: the pushed commit's full id.
/// - For a request only: `PULL_REQUEST` (its number), `PULL_REQUEST_BRANCH` (where its commits
///   come from) and `PULL_REQUEST_BASE` (the branch it would merge into).
///
/// A manifest's own variable of the same name is replaced.
public enum PushEnvironment {
    /// The variables for `commit` pushed to `ref` from `origin`, in the order they are added.
    public static func variables(ref: PushedRef, commit: PushCommit, origin: PushOrigin = .gitHook)
        -> [(name: String, value: String)]
    {
        var variables = [
            ("BUILD_SUBMITTER", origin.submitter),
            ("BUILD_REASON", origin.request == nil ? "push" : "pull_request"),
            ("GIT_REF", ref.name),
            ("GIT_COMMIT", commit.id),
        ]
        if let request = origin.request {
            variables += [
                ("PULL_REQUEST", String(request.number)),
                ("PULL_REQUEST_BRANCH", request.headBranch),
                ("PULL_REQUEST_BASE", request.baseBranch),
            ]
        }
        return variables
    }
}
