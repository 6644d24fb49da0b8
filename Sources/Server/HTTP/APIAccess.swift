import Manifest

/// What a user route does, as far as tokens go: a user's own token may do all of it, a job's
/// token only what its grants name (``OAuthGrants``), a runner's token none of it.
public enum APIAccess: Sendable {
    /// List and read jobs, their manifests, groups and artifacts.
    case readJobs
    /// Submit, start, cancel and resubmit jobs, make and start groups.
    case writeJobs
    /// Read logs.
    case readLogs
    /// SSH keys, secrets, tokens and SSH into kept VMs: the account itself, never a job's.
    case account

    /// The grant that opens it to a job's token, or nil when no grant does.
    var grant: (scope: OAuthGrants.Scope, access: OAuthGrants.Access)? {
        switch self {
        case .readJobs: (.jobs, .readOnly)
        case .writeJobs: (.jobs, .readWrite)
        case .readLogs: (.logs, .readOnly)
        case .account: nil
        }
    }
}
