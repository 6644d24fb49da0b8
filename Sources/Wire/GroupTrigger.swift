import Foundation

/// A job group's trigger as builds.sr.ht's API writes it.
public struct GroupTrigger: Sendable, Hashable, Codable {
    /// `email` or `webhook`; `commit-status` is hck's own, set only by forge webhooks' builds.
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
    /// A `commit-status` trigger's registered repository (its owner is the group's).
    public var repository: String?
    /// A `commit-status` trigger's repository as its forge names it (`owner/name`, GitLab's
    /// namespace path), for the forge's status API.
    public var forgePath: String?
    /// A `commit-status` trigger's commit: its full id.
    public var commit: String?

    /// Creates a trigger.
    /// - Parameters:
    ///   - action: `email` or `webhook`.
    ///   - condition: `always`, `success` or `failure`.
    ///   - to: recipients.
    ///   - cc: carbon copies.
    ///   - inReplyTo: Message-Id replied to.
    ///   - url: webhook URL.
    ///   - repository: a commit status's registered repository.
    ///   - forgePath: a commit status's repository as the forge names it.
    ///   - commit: a commit status's commit.
    public init(
        action: String,
        condition: String,
        to: String? = nil,
        cc: String? = nil,
        inReplyTo: String? = nil,
        url: String? = nil,
        repository: String? = nil,
        forgePath: String? = nil,
        commit: String? = nil
    ) {
        self.action = action
        self.condition = condition
        self.to = to
        self.cc = cc
        self.inReplyTo = inReplyTo
        self.url = url
        self.repository = repository
        self.forgePath = forgePath
        self.commit = commit
    }

    /// The action of a trigger that sets a commit's status on a forge.
    public static let commitStatusAction = "commit-status"

    /// The trigger that sets `commit`'s status on the forge of the registered `repository` (which
    /// the forge calls `forgePath`) as the group runs and ends.
    public static func commitStatus(repository: String, forgePath: String, commit: String) -> GroupTrigger {
        GroupTrigger(
            action: commitStatusAction,
            condition: "always",
            repository: repository,
            forgePath: forgePath,
            commit: commit
        )
    }
}
