public import Foundation

/// A forge repository registered with hck (`hck repo add`): the webhooks its forge sends build its
/// pushes and pull requests for its owner, and with an API URL and token hck sets its commits'
/// statuses. The webhook secret and the API token are sealed with the server's secrets key
/// (`SecretBox`); the store never holds them in the clear.
public struct RegisteredRepository: Sendable, Hashable {
    /// What a pull request from a fork does.
    public enum ForkBuilds: String, Sendable, Hashable, CaseIterable, Codable {
        /// It runs at once, without secrets and without `OAUTH2_TOKEN`.
        case run
        /// It waits, pending, until the owner approves it on the web page; then it runs as `run` does.
        case approve
    }

    /// The repository's id.
    public var id: Int64
    /// Who its builds are submitted for.
    public var owner: String
    /// Its name, unique among the owner's repositories; the builds' first tag.
    public var name: String
    /// Its forge: `gitea`, `github` or `gitlab`.
    public var forge: String
    /// Where the server fetches its commits from.
    public var cloneURL: String
    /// The forge's API base for commit statuses, if statuses are wanted.
    public var apiURL: String?
    /// The webhook secret, sealed.
    public var sealedSecret: Data
    /// The API token, sealed; present exactly when `apiURL` is.
    public var sealedAPIToken: Data?
    /// What a pull request from a fork does.
    public var forkBuilds: ForkBuilds
    /// When it was registered.
    public var createdAt: Date

    /// Makes one from its fields.
    public init(
        id: Int64,
        owner: String,
        name: String,
        forge: String,
        cloneURL: String,
        apiURL: String?,
        sealedSecret: Data,
        sealedAPIToken: Data?,
        forkBuilds: ForkBuilds,
        createdAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.name = name
        self.forge = forge
        self.cloneURL = cloneURL
        self.apiURL = apiURL
        self.sealedSecret = sealedSecret
        self.sealedAPIToken = sealedAPIToken
        self.forkBuilds = forkBuilds
        self.createdAt = createdAt
    }
}
