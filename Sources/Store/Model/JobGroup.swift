public import Wire

/// Jobs submitted together, whose group triggers fire once every one of them has ended.
public struct JobGroup: Sendable, Hashable, Codable {
    /// The group's id.
    public var id: Int64
    /// The owner's name.
    public var owner: String
    /// Free text.
    public var note: String?
    /// The group's triggers, as JSON (`[{action, condition, to, cc, in_reply_to, url}]`).
    public var triggers: [GroupTrigger]
    /// Its jobs' ids.
    public var jobIDs: [Int64]

    /// Creates a group record.
    /// - Parameters:
    ///   - id: its id.
    ///   - owner: the owner.
    ///   - note: free text.
    ///   - triggers: its triggers.
    ///   - jobIDs: its jobs.
    public init(id: Int64, owner: String, note: String?, triggers: [GroupTrigger], jobIDs: [Int64]) {
        self.id = id
        self.owner = owner
        self.note = note
        self.triggers = triggers
        self.jobIDs = jobIDs
    }
}
