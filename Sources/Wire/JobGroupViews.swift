public import Manifest

/// `POST /api/job-group`: jobs submitted with `execute: false`, grouped.
public struct JobGroupRequest: Codable, Sendable {
    /// The jobs' ids.
    public var jobs: [Int64]
    /// Free text.
    public var note: String?
    /// Triggers fired once every job ended.
    public var triggers: [GroupTrigger]?
    /// Start the jobs now; when absent, they stay pending until `POST /api/job-group/:id/start`,
    /// as on builds.sr.ht.
    public var execute: Bool?

    /// Creates a group request.
    /// - Parameters:
    ///   - jobs: the jobs.
    ///   - note: free text.
    ///   - triggers: group triggers.
    ///   - execute: start them now.
    public init(jobs: [Int64], note: String? = nil, triggers: [GroupTrigger]? = nil, execute: Bool? = nil) {
        self.jobs = jobs
        self.note = note
        self.triggers = triggers
        self.execute = execute
    }
}

/// A job group as the API shows it.
public struct JobGroupView: Codable, Sendable {
    /// The group's id.
    public var id: Int64
    /// Free text.
    public var note: String?
    /// Its jobs.
    public var jobs: [JobView]
    /// Its triggers.
    public var triggers: [GroupTrigger]
    /// success/failed once every job ended, else absent.
    public var status: JobStatus?

    /// Makes a group's view from its fields.
    public init(id: Int64, note: String?, jobs: [JobView], triggers: [GroupTrigger], status: JobStatus?) {
        self.id = id
        self.note = note
        self.jobs = jobs
        self.triggers = triggers
        self.status = status
    }
}
