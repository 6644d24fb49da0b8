public import Foundation

/// `POST /api/repos`: a forge repository whose webhooks build its pushes and pull requests for the
/// caller.
/// (Acronyms are spelled `Url` so that the API's snake_case coders read `clone_url` back.)
public struct RepositoryRequest: Codable, Sendable, Hashable {
    /// Its name, unique among the caller's (letters, digits, `.`, `_`, `-`): the builds' first tag
    /// and its page, `/repos/NAME`.
    public var name: String
    /// `gitea` (also Forgejo), `github` or `gitlab`.
    public var forge: String
    /// Where the server fetches pushed commits from: an `http(s)://` or `git://` URL, the one the
    /// forge's payloads name.
    public var cloneUrl: String
    /// The webhook secret, as given to the forge.
    public var secret: String
    /// The forge's API base, for commit statuses: `https://HOST/api/v1` (Gitea),
    /// `https://api.github.com`, `https://HOST/api/v4` (GitLab).
    public var apiUrl: String?
    /// The API token that may set commit statuses; given exactly when `apiUrl` is.
    public var apiToken: String?
    /// What a pull request from a fork does: `approve` (the default: it waits for the owner on the
    /// web page) or `run` (at once). Either way it runs without secrets or `OAUTH2_TOKEN`.
    public var forkBuilds: String?

    /// Makes one from its fields.
    public init(
        name: String,
        forge: String,
        cloneUrl: String,
        secret: String,
        apiUrl: String? = nil,
        apiToken: String? = nil,
        forkBuilds: String? = nil
    ) {
        self.name = name
        self.forge = forge
        self.cloneUrl = cloneUrl
        self.secret = secret
        self.apiUrl = apiUrl
        self.apiToken = apiToken
        self.forkBuilds = forkBuilds
    }

}

/// A registered repository as the API shows it (never its secret or token).
public struct RepositoryView: Codable, Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its forge.
    public var forge: String
    /// Where its commits are fetched from.
    public var cloneUrl: String
    /// The forge's API base, when hck sets commit statuses.
    public var apiUrl: String?
    /// `approve` or `run`.
    public var forkBuilds: String
    /// The URL to give the forge as the webhook's target.
    public var webhookUrl: String
    /// When it was registered.
    public var created: Date

    /// Makes one from its fields.
    public init(
        name: String,
        forge: String,
        cloneUrl: String,
        apiUrl: String?,
        forkBuilds: String,
        webhookUrl: String,
        created: Date
    ) {
        self.name = name
        self.forge = forge
        self.cloneUrl = cloneUrl
        self.apiUrl = apiUrl
        self.forkBuilds = forkBuilds
        self.webhookUrl = webhookUrl
        self.created = created
    }

}

/// What the server answers a forge's webhook delivery: what it built, or why nothing.
public struct ForgeDeliveryReply: Codable, Sendable, Hashable {
    /// One registered repository's outcome.
    public struct Build: Codable, Sendable, Hashable {
        /// The registered repository's name.
        public var repository: String
        /// The job group submitted, if any.
        public var group: Int64?
        /// Its jobs.
        public var jobs: [Int64]
        /// The group's page, if one was submitted.
        public var url: String?
        /// Why nothing was submitted, or that the group waits for the owner's approval.
        public var note: String?

        /// Makes one from its fields.
        public init(repository: String, group: Int64?, jobs: [Int64], url: String?, note: String?) {
            self.repository = repository
            self.group = group
            self.jobs = jobs
            self.url = url
            self.note = note
        }
    }

    /// What was done, in a line: "built", "pong", or why nothing.
    public var message: String
    /// Each registered repository's outcome.
    public var builds: [Build]

    /// Makes one from its fields.
    public init(message: String, builds: [Build]) {
        self.message = message
        self.builds = builds
    }
}
