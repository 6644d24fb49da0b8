/// The variables a push sets in each manifest's `environment` (and so in `~/.buildenv`).
///
/// - `BUILD_SUBMITTER`: `git-hook` (builds.sr.ht's variable; git.sr.ht sets `git.sr.ht`).
/// - `BUILD_REASON`: `push`.
/// - `GIT_REF`: the pushed ref's full name, e.g. `refs/heads/main` (as git.sr.ht sets it).
/// - `GIT_COMMIT`: the pushed commit's full id.
///
/// A manifest's own variable of the same name is replaced.
public enum PushEnvironment {
    /// The variables for `commit` pushed to `ref`, in the order they are added.
    public static func variables(ref: PushedRef, commit: PushCommit) -> [(name: String, value: String)] {
        [
            ("BUILD_SUBMITTER", "git-hook"),
            ("BUILD_REASON", "push"),
            ("GIT_REF", ref.name),
            ("GIT_COMMIT", commit.id),
        ]
    }
}
