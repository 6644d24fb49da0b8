public import Manifest

/// One job as the runner receives it: the manifest and what the server resolved for it.
public struct JobRequest: Sendable {
    /// The job's number (`JOB_ID`; the domain is `hck-job-<id>`).
    public var id: Int64
    /// The manifest, already valid.
    public var manifest: Manifest
    /// The job's page (`JOB_URL`).
    public var url: String
    /// The secrets to install (empty for untrusted jobs).
    public var secrets: [JobSecret]
    /// The job-scoped token exported as `OAUTH2_TOKEN`, when the manifest asked for one.
    public var oauth2Token: String?
    /// The longest this job may run, from now (a server's deadline); the runner's
    /// ``RunnerConfiguration/jobTimeout`` applies when it is shorter or when this is `nil`.
    public var timeout: Duration?

    /// Creates a job request.
    /// - Parameters:
    ///   - id: the job's number.
    ///   - manifest: the manifest.
    ///   - url: the job's page.
    ///   - secrets: secrets to install.
    ///   - oauth2Token: the job's token, or `nil`.
    ///   - timeout: the longest the job may run, or `nil` for the runner's own limit.
    public init(
        id: Int64,
        manifest: Manifest,
        url: String,
        secrets: [JobSecret] = [],
        oauth2Token: String? = nil,
        timeout: Duration? = nil
    ) {
        self.id = id
        self.manifest = manifest
        self.url = url
        self.secrets = secrets
        self.oauth2Token = oauth2Token
        self.timeout = timeout
    }
}

/// How a job ended.
public struct JobOutcome: Sendable {
    /// One task's result.
    public struct TaskResult: Sendable, Hashable {
        /// The task's name.
        public var name: String
        /// Its final status.
        public var status: TaskStatus
        /// How long it ran, or `nil` when it never started.
        public var duration: Duration?
    }

    /// The job's final status.
    public var status: JobStatus
    /// Why it failed, timed out or was cancelled.
    public var message: String?
    /// Every task in order.
    public var tasks: [TaskResult]
    /// How long the job took.
    public var duration: Duration
    /// How long its VM took from its start to SSH answering, or nil when it never got that far.
    public var vmReady: Duration?
}
