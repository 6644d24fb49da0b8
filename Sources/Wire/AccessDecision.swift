/// The server's answer to a gateway asking whether a key may reach a job's VM.
public struct AccessDecision: Codable, Sendable, Hashable {
    /// Whether the key's owner may connect.
    public var allowed: Bool
    /// The user the key belongs to, when it is registered.
    public var user: String?
    /// Why not, in words for the person connecting.
    public var reason: String?
    /// Whether the owner claimed the VM (kept until the job's deadline).
    public var claimed: Bool

    /// Creates a decision.
    /// - Parameters:
    ///   - allowed: whether the key's owner may connect.
    ///   - user: whose key it is.
    ///   - reason: why not.
    ///   - claimed: whether the VM is claimed.
    public init(allowed: Bool, user: String? = nil, reason: String? = nil, claimed: Bool = false) {
        self.allowed = allowed
        self.user = user
        self.reason = reason
        self.claimed = claimed
    }

    /// A refusal. - Parameter reason: why.
    public static func refused(_ reason: String, user: String? = nil) -> AccessDecision {
        AccessDecision(allowed: false, user: user, reason: reason)
    }
}

/// `POST /api/runner/jobs/:id/claim?wait=S`: whether the owner claimed the kept VM.
public struct ClaimState: Codable, Sendable, Hashable {
    /// Whether it is claimed.
    public var claimed: Bool

    /// Creates the state. - Parameter claimed: whether it is claimed.
    public init(claimed: Bool) {
        self.claimed = claimed
    }
}
