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

/// A job group's trigger as builds.sr.ht's API writes it.
public struct GroupTrigger: Sendable, Hashable, Codable {
    /// `email` or `webhook`.
    public var action: String
    /// `always`, `success` or `failure`.
    public var condition: String
    /// Email recipients.
    public var to: String?
    /// Email carbon copies.
    public var cc: String?
    /// The Message-Id replied to.
    public var inReplyTo: String?
    /// The webhook URL.
    public var url: String?

    /// Creates a trigger.
    /// - Parameters:
    ///   - action: `email` or `webhook`.
    ///   - condition: `always`, `success` or `failure`.
    ///   - to: recipients.
    ///   - cc: carbon copies.
    ///   - inReplyTo: Message-Id replied to.
    ///   - url: webhook URL.
    public init(action: String, condition: String, to: String? = nil, cc: String? = nil, inReplyTo: String? = nil, url: String? = nil) {
        self.action = action
        self.condition = condition
        self.to = to
        self.cc = cc
        self.inReplyTo = inReplyTo
        self.url = url
    }
}
