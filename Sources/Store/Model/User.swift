/// Someone who submits jobs, or a runner node's identity.
public struct User: Sendable, Hashable, Codable {
    /// What a token lets its holder do.
    public enum Role: String, Sendable, Hashable, Codable {
        /// Submits and reads jobs.
        case user
        /// Takes jobs and reports on them.
        case runner
    }

    /// The store's id.
    public var id: Int64
    /// Unique name (`~name` in sr.ht's canonical form).
    public var name: String
    /// What the user may do.
    public var role: Role
    /// The job whose `OAUTH2_TOKEN` authenticated this request, when it was a job's token.
    public var jobID: Int64? = nil
}
