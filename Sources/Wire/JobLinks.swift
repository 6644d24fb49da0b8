/// A job's addresses on a server, in one place for the API's views, emails, webhooks and
/// `JOB_URL`: the web page for people, the API's URLs for programs.
public struct JobLinks: Sendable, Hashable {
    /// The server's public URL, without a trailing slash.
    public let baseURL: String

    /// Links on the server at `baseURL` (a trailing slash is dropped).
    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The job's web page (`JOB_URL`, emails, `hck submit`).
    public func page(_ id: Int64) -> String { "\(baseURL)/jobs/\(id)" }

    /// The job's group's web page.
    public func groupPage(_ id: Int64) -> String { "\(baseURL)/groups/\(id)" }

    /// The job in the API (JSON).
    public func api(_ id: Int64) -> String { baseURL + APIRoute.job.path(id) }

    /// The setup log as plain text, from the API.
    public func setupLog(_ id: Int64) -> String { baseURL + APIRoute.jobLog.path(id) }

    /// A task's log as plain text, from the API.
    public func taskLog(_ id: Int64, _ task: String) -> String { baseURL + APIRoute.taskLog.path(id, task) }
}
