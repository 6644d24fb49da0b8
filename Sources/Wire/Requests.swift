public import Foundation
public import Manifest

/// `POST /api/jobs`: builds.sr.ht's submission body, plus hck's `visibility`.
public struct SubmitRequest: Codable, Sendable {
    /// The manifest's YAML text.
    public var manifest: String
    /// Free text.
    public var note: String?
    /// Tags (shown in email subjects).
    public var tags: [String]?
    /// Deliver the submitter's secrets (default true).
    public var secrets: Bool?
    /// Queue at once (default true); false leaves the job pending until `start`.
    public var execute: Bool?
    /// Who may see the job (default unlisted).
    public var visibility: Visibility?

    /// Creates a submission.
    /// - Parameters:
    ///   - manifest: YAML text.
    ///   - note: free text.
    ///   - tags: tags.
    ///   - secrets: deliver secrets.
    ///   - execute: queue at once.
    ///   - visibility: who may see it.
    public init(
        manifest: String,
        note: String? = nil,
        tags: [String]? = nil,
        secrets: Bool? = nil,
        execute: Bool? = nil,
        visibility: Visibility? = nil
    ) {
        self.manifest = manifest
        self.note = note
        self.tags = tags
        self.secrets = secrets
        self.execute = execute
        self.visibility = visibility
    }
}

/// `GET /api/jobs[?start=ID]`: a page of jobs in sr.ht's list shape; `next` is the `start` of the
/// following page (null on the last), so jobs submitted while paging never shift a page.
public struct JobList: Codable, Sendable {
    /// The jobs, newest first.
    public var results: [JobView]
    /// The `start` of the next (older) page, or nil on the last page.
    public var next: Int64?
    /// The page size used.
    public var resultsPerPage: Int
    /// How many jobs all the pages hold (sr.ht's lists carry it); nil from a server that does not say.
    public var total: Int?

    /// Makes one from its fields.
    public init(results: [JobView], next: Int64? = nil, resultsPerPage: Int, total: Int? = nil) {
        self.results = results
        self.next = next
        self.resultsPerPage = resultsPerPage
        self.total = total
    }
}

/// What a runner sees when it takes a job: the job, its manifest and the secrets it may install.
public struct Assignment: Codable, Sendable {
    /// The job (status running, under this runner's lease).
    public var job: JobView
    /// The manifest text to run.
    public var manifest: String
    /// The submitter's secrets the manifest names, in the clear (only when the job enables secrets).
    public var secrets: [DeliveredSecret]
    /// When the lease ends unless extended by a heartbeat.
    public var leaseExpiresAt: Date
    /// When the server ends the job `timeout` whatever happens: the runner stops it by then too.
    public var deadline: Date
    /// The job-scoped API token for `OAUTH2_TOKEN`: only when the manifest sets `oauth` and the job
    /// enables secrets; it acts for the job's owner and is revoked when the job stops running.
    public var oauth2Token: String?
    /// Where the setup log and each task's log end now (the setup log is not empty when the job was
    /// queued again after its runner was lost while booting): the runner sends each log from there.
    /// Nil from servers older than log offsets, which append every chunk at the end; a runner then
    /// counts from zero.
    public var logEnds: [LogEnd]?

    /// Makes one from its fields.
    public init(
        job: JobView,
        manifest: String,
        secrets: [DeliveredSecret],
        leaseExpiresAt: Date,
        deadline: Date,
        oauth2Token: String? = nil,
        logEnds: [LogEnd]? = nil
    ) {
        self.job = job
        self.manifest = manifest
        self.secrets = secrets
        self.leaseExpiresAt = leaseExpiresAt
        self.deadline = deadline
        self.oauth2Token = oauth2Token
        self.logEnds = logEnds
    }
}

/// The answer to a heartbeat: the lease's new end and whether to stop.
public struct HeartbeatReply: Codable, Sendable {
    /// Stop the job now: someone cancelled it.
    public var cancel: Bool
    /// When the lease now ends.
    public var leaseExpiresAt: Date

    /// Makes one from its fields.
    public init(cancel: Bool, leaseExpiresAt: Date) {
        self.cancel = cancel
        self.leaseExpiresAt = leaseExpiresAt
    }
}

/// `POST /api/runner/jobs/:id/tasks/:task`: a task's new status.
public struct TaskUpdate: Codable, Sendable {
    /// The new status.
    public var status: TaskStatus

    /// Makes one from its fields.
    public init(status: TaskStatus) {
        self.status = status
    }
}

/// `POST /api/runner/jobs/:id/status`: the job's final status.
public struct FinalStatusReport: Codable, Sendable {
    /// A final status.
    public var status: JobStatus
    /// Why, when the status does not say.
    public var reason: String?

    /// Makes one from its fields.
    public init(status: JobStatus, reason: String? = nil) {
        self.status = status
        self.reason = reason
    }
}

/// `POST /api/secrets`: a new secret of the caller's.
public struct SecretRequest: Codable, Sendable {
    /// Its name.
    public var name: String
    /// How it is installed.
    public var kind: SecretKind
    /// Where a file secret goes.
    public var path: String?
    /// A file secret's octal mode.
    public var mode: Int?
    /// The value (base64 in JSON).
    public var value: Data

    /// Creates a secret request.
    /// - Parameters:
    ///   - name: its name.
    ///   - kind: how it is installed.
    ///   - path: a file secret's path.
    ///   - mode: a file secret's mode.
    ///   - value: the value.
    public init(name: String, kind: SecretKind, path: String? = nil, mode: Int? = nil, value: Data) {
        self.name = name
        self.kind = kind
        self.path = path
        self.mode = mode
        self.value = value
    }
}

/// A secret as listed: never its value.
public struct SecretInfo: Codable, Sendable, Hashable {
    /// Its UUID.
    public var id: UUID
    /// Its name.
    public var name: String
    /// Its kind.
    public var kind: SecretKind
    /// A file secret's path.
    public var path: String?
    /// A file secret's mode.
    public var mode: Int?

    /// Makes one from its fields.
    public init(id: UUID, name: String, kind: SecretKind, path: String? = nil, mode: Int? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.path = path
        self.mode = mode
    }
}
