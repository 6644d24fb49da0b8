/// Where a build of a pushed commit comes from: who submits it and why, and where its commit is
/// fetched from. The environment says the first two (``PushEnvironment``).
public struct PushOrigin: Sendable, Hashable {
    /// A pull (merge) request a build is for.
    public struct Request: Sendable, Hashable {
        /// Its number on the forge.
        public var number: Int
        /// Its title, for the note.
        public var title: String
        /// The branch its commits come from.
        public var headBranch: String
        /// The branch it would merge into.
        public var baseBranch: String

        /// Makes one from its parts.
        public init(number: Int, title: String, headBranch: String, baseBranch: String) {
            self.number = number
            self.title = title
            self.headBranch = headBranch
            self.baseBranch = baseBranch
        }
    }

    /// `BUILD_SUBMITTER`: `git-hook`, or the forge whose webhook asked (`gitea`, `github`, `gitlab`).
    public var submitter: String
    /// The pull request, when the build is for one (`BUILD_REASON` `pull_request`, else `push`).
    public var request: Request?
    /// Where the commit is cloned from when not from the sources' own URL: a pull request's fork.
    public var fetchURL: String?

    /// Makes one from its parts.
    public init(submitter: String, request: Request? = nil, fetchURL: String? = nil) {
        self.submitter = submitter
        self.request = request
        self.fetchURL = fetchURL
    }

    /// A push to a bare repository whose post-receive hook is `hck git-hook`.
    public static let gitHook = PushOrigin(submitter: "git-hook")
}
