public import HckCore

/// What kind of failure a push's builds or the hook's installation met.
public enum GitPushErrorCode: String, ErrorCode {
    /// `git` failed or could not be run; the message has its output.
    case git
    /// The path is not a git repository.
    case notARepository
    /// A post-receive hook is there and cannot be added to without replacing something.
    case hookInTheWay
    /// A manifest of the pushed commit is not valid, or cannot be pinned to the commit.
    case invalidManifest
    /// A commit could not be fetched from its forge: refused, not there, or too slow.
    case fetch
}

/// A failure of the git hook: what failed, where and why.
public typealias GitPushError = CodedError<GitPushErrorCode>
