public import Foundation
public import Manifest
public import Wire

/// A build job as the store keeps it: who submitted what, where it is in the queue, and how its tasks went.
public struct Job: Sendable, Hashable, Codable {
    /// The job's number, assigned by the store.
    public var id: Int64
    /// The name of the user who submitted it.
    public var owner: String
    /// Where the job is in its lifecycle.
    public var status: JobStatus
    /// The manifest text as submitted.
    public var manifest: String
    /// Free text the submitter attached.
    public var note: String?
    /// Tags the submitter attached (shown in email subjects).
    public var tags: [String]
    /// Who may see the job.
    public var visibility: Visibility
    /// The image the manifest asks for (e.g. `debian/stable`).
    public var image: String
    /// The architecture the manifest asks for (e.g. `x86_64`).
    public var arch: String
    /// Whether the submitter's secrets are delivered to the runner.
    public var secretsEnabled: Bool
    /// The job group it belongs to, if any.
    public var groupID: Int64?
    /// The tasks in manifest order.
    public var tasks: [JobTask]
    /// The runner holding the job, while it runs.
    public var runner: String?
    /// When the runner's lease ends unless it heartbeats.
    public var leaseExpiresAt: Date?
    /// When a running job ends `timeout` whatever its runner says (set when a runner takes it).
    public var deadline: Date?
    /// Whether someone asked to cancel the job while a runner held it.
    public var cancelRequested: Bool
    /// Why the job ended the way it did, when the status alone does not say (e.g. `runner lost`).
    public var reason: String?
    /// When it was submitted.
    public var createdAt: Date
    /// When its status last changed.
    public var updatedAt: Date

    /// Whether the tasks have started: a job lost before that can be queued again.
    public var tasksStarted: Bool {
        tasks.contains { $0.status != .pending }
    }

    /// Makes one from its fields.
    public init(
        id: Int64,
        owner: String,
        status: JobStatus,
        manifest: String,
        note: String? = nil,
        tags: [String],
        visibility: Visibility,
        image: String,
        arch: String,
        secretsEnabled: Bool,
        groupID: Int64? = nil,
        tasks: [JobTask],
        runner: String? = nil,
        leaseExpiresAt: Date? = nil,
        deadline: Date? = nil,
        cancelRequested: Bool,
        reason: String? = nil,
        createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.owner = owner
        self.status = status
        self.manifest = manifest
        self.note = note
        self.tags = tags
        self.visibility = visibility
        self.image = image
        self.arch = arch
        self.secretsEnabled = secretsEnabled
        self.groupID = groupID
        self.tasks = tasks
        self.runner = runner
        self.leaseExpiresAt = leaseExpiresAt
        self.deadline = deadline
        self.cancelRequested = cancelRequested
        self.reason = reason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One task of a job and how it went.
public struct JobTask: Sendable, Hashable, Codable {
    /// The task's name from the manifest.
    public var name: String
    /// Its status.
    public var status: TaskStatus

    /// Creates a task record.
    /// - Parameters:
    ///   - name: the task's name.
    ///   - status: its status.
    public init(name: String, status: TaskStatus = .pending) {
        self.name = name
        self.status = status
    }
}
