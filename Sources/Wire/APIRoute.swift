public import Foundation

/// One route of hck's HTTP API: its method and its path, written once for the server that
/// registers it and the client that calls it.
///
/// The pattern is the router's form: no leading slash, `:name` for each parameter
/// (`api/jobs/:id/log`). ``path(_:)`` fills the parameters in for a request.
public struct APIRoute: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP methods the API uses.
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
    }

    /// What the route does to its path.
    public let method: Method
    /// The path with `:name` for each parameter and no leading slash, as Hummingbird's router reads it.
    public let pattern: String

    /// A route. - Parameter pattern: see ``pattern``.
    public init(_ method: Method, _ pattern: String) {
        self.method = method
        self.pattern = pattern
    }

    /// The names of the path's parameters, in order (`["id", "task"]`).
    public var parameters: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// `GET /api/jobs/:id`.
    public var description: String { "\(method.rawValue) /\(pattern)" }

    /// The request path (with a leading slash and the query) for these parameter values, in the order of
    /// ``parameters``, each percent-encoded as one path segment, followed by the query's items
    /// whose value is not nil (`?wait=30&task=build`).
    ///
    /// Passing fewer or more values than the route has parameters is a programming error: each
    /// call site names its route, and APIRouteTests checks every route's parameters.
    public func path(_ values: any CustomStringConvertible..., query: KeyValuePairs<String, String?> = [:]) -> String {
        Self.fill(pattern, values, query)
    }

    private static func fill(
        _ pattern: String,
        _ values: [any CustomStringConvertible],
        _ query: KeyValuePairs<String, String?>
    ) -> String {
        let segments = pattern.split(separator: "/")
        let parameterCount = segments.count { $0.hasPrefix(":") }
        precondition(
            values.count == parameterCount,
            "/\(pattern) takes \(parameterCount) parameters, not \(values.count)"
        )
        var remaining = values.makeIterator()
        let filled = segments.map { segment -> String in
            guard segment.hasPrefix(":"), let value = remaining.next() else { return String(segment) }
            return percentEncoded(value.description)
        }
        let items = query.compactMap { name, value in value.map { "\(name)=\(percentEncoded($0))" } }
        return "/" + filled.joined(separator: "/") + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }

    /// A request of this route: its method and ``path(_:query:)``.
    public func request(_ values: any CustomStringConvertible..., query: KeyValuePairs<String, String?> = [:])
        -> Request
    {
        Request(method: method.rawValue, path: Self.fill(pattern, values, query))
    }

    /// One request's method and path (with its query), ready for a client to send.
    public struct Request: Sendable, Hashable {
        /// `GET`, `POST`…
        public let method: String
        /// The path and query, with a leading slash.
        public let path: String
    }

    /// The characters a path segment or query value keeps as they are (RFC 3986's unreserved ones).
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )

    /// Text as one path segment or query value: everything but the unreserved characters
    /// percent-encoded, `/`, `?`, `&` and `%` included.
    public static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}

extension APIRoute {
    // Jobs, as users and the CLI see them.
    /// Submits a job.
    public static let submitJob = APIRoute(.post, "api/jobs")
    /// Lists the caller's jobs, a page at a time.
    public static let listJobs = APIRoute(.get, "api/jobs")
    /// One job.
    public static let job = APIRoute(.get, "api/jobs/:id")
    /// A job's manifest as submitted.
    public static let jobManifest = APIRoute(.get, "api/jobs/:id/manifest")
    /// Starts a job of a group submitted without `execute`.
    public static let startJob = APIRoute(.post, "api/jobs/:id/start")
    /// Cancels a job.
    public static let cancelJob = APIRoute(.post, "api/jobs/:id/cancel")
    /// Submits a job's manifest again as a new job.
    public static let resubmitJob = APIRoute(.post, "api/jobs/:id/resubmit")
    /// A job's artifacts.
    public static let jobArtifacts = APIRoute(.get, "api/jobs/:id/artifacts")
    /// One artifact's bytes.
    public static let jobArtifact = APIRoute(.get, "api/jobs/:id/artifacts/:name")
    /// A job's setup log.
    public static let jobLog = APIRoute(.get, "api/jobs/:id/log")
    /// One task's log.
    public static let taskLog = APIRoute(.get, "api/jobs/:id/tasks/:task/log")
    /// How to reach a job's kept VM over SSH.
    public static let jobSSH = APIRoute(.get, "api/jobs/:id/ssh")
    /// Takes over a kept VM's time (no deadline while the owner works in it).
    public static let claimJob = APIRoute(.post, "api/jobs/:id/claim")

    // Job groups.
    /// Submits several jobs as a group.
    public static let submitGroup = APIRoute(.post, "api/job-group")
    /// One group.
    public static let group = APIRoute(.get, "api/job-group/:id")
    /// Starts a group submitted without `execute`.
    public static let startGroup = APIRoute(.post, "api/job-group/:id/start")
    /// Cancels every job of a group.
    public static let cancelGroup = APIRoute(.post, "api/job-group/:id/cancel")

    // The caller's SSH keys and secrets.
    /// Lists the caller's SSH keys.
    public static let listKeys = APIRoute(.get, "api/keys")
    /// Adds an SSH key.
    public static let addKey = APIRoute(.post, "api/keys")
    /// Removes an SSH key.
    public static let removeKey = APIRoute(.delete, "api/keys/:id")
    /// Adds a secret.
    public static let addSecret = APIRoute(.post, "api/secrets")
    /// Lists the caller's secrets (never their values).
    public static let listSecrets = APIRoute(.get, "api/secrets")

    // The caller's schedules.
    /// Lists the caller's schedules.
    public static let listSchedules = APIRoute(.get, "api/schedules")
    /// Adds a schedule.
    public static let addSchedule = APIRoute(.post, "api/schedules")
    /// Removes a schedule by name.
    public static let removeSchedule = APIRoute(.delete, "api/schedules/:name")

    // The caller's forge repositories, and their forges' webhooks.
    /// Lists the caller's registered repositories (never their secrets).
    public static let listRepositories = APIRoute(.get, "api/repos")
    /// Registers a forge repository.
    public static let addRepository = APIRoute(.post, "api/repos")
    /// Removes a registered repository by name.
    public static let removeRepository = APIRoute(.delete, "api/repos/:name")
    /// A forge's webhook delivery (`gitea`, `github`, `gitlab`), signed with a registered secret.
    public static let forgeWebhook = APIRoute(.post, "api/forges/:forge")

    // The runners, as operators see them.
    /// Every registered runner: what it offers, what it runs, when it was last heard from.
    public static let listRunners = APIRoute(.get, "api/runners")

    // The runner protocol.
    /// A runner declares what it can run.
    public static let registerRunner = APIRoute(.post, "api/runner/register")
    /// A runner waits for a job.
    public static let takeJob = APIRoute(.post, "api/runner/take")
    /// A runner extends its lease on a job.
    public static let heartbeat = APIRoute(.post, "api/runner/jobs/:id/heartbeat")
    /// A runner sends a chunk of log.
    public static let appendLog = APIRoute(.post, "api/runner/jobs/:id/log")
    /// A runner reports a task's status.
    public static let reportTask = APIRoute(.post, "api/runner/jobs/:id/tasks/:task")
    /// A runner reports the job's status.
    public static let reportJob = APIRoute(.post, "api/runner/jobs/:id/status")
    /// A runner hands a job it holds back to the queue (a draining runner whose jobs outlast its drain).
    public static let releaseJob = APIRoute(.post, "api/runner/jobs/:id/release")
    /// A runner uploads an artifact.
    public static let uploadArtifact = APIRoute(.put, "api/runner/jobs/:id/artifacts/:name")
    /// A runner's SSH gateway asks whether a key may enter a job's VM.
    public static let decideAccess = APIRoute(.post, "api/runner/jobs/:id/access")
    /// A runner says it keeps a job's VM.
    public static let announceKept = APIRoute(.post, "api/runner/jobs/:id/kept")
    /// A runner says a job's VM is kept no longer.
    public static let withdrawKept = APIRoute(.delete, "api/runner/jobs/:id/kept")
    /// A runner waits until the owner claims a kept VM.
    public static let awaitClaim = APIRoute(.post, "api/runner/jobs/:id/claim")

    // The service itself.
    /// The OpenAPI document of these routes.
    public static let openAPI = APIRoute(.get, "api/openapi.yaml")
    /// Prometheus metrics.
    public static let metrics = APIRoute(.get, "metrics")
    /// The Ed25519 public key that webhook deliveries are signed with.
    public static let webhookKey = APIRoute(.get, "api/webhook-key")

    /// Every route above, for tests and documents.
    public static let all: [APIRoute] = [
        submitJob, listJobs, job, jobManifest, startJob, cancelJob, resubmitJob, jobArtifacts, jobArtifact, jobLog,
        taskLog, jobSSH, claimJob, submitGroup, group, startGroup, cancelGroup, listKeys, addKey, removeKey, addSecret,
        listSecrets, listSchedules, addSchedule, removeSchedule, listRepositories, addRepository, removeRepository,
        forgeWebhook, listRunners, registerRunner, takeJob, heartbeat,
        appendLog, reportTask, reportJob, uploadArtifact,
        releaseJob, decideAccess, announceKept, withdrawKept, awaitClaim, openAPI, metrics, webhookKey,
    ]
}
