import Foundation

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
    public init(
        action: String,
        condition: String,
        to: String? = nil,
        cc: String? = nil,
        inReplyTo: String? = nil,
        url: String? = nil
    ) {
        self.action = action
        self.condition = condition
        self.to = to
        self.cc = cc
        self.inReplyTo = inReplyTo
        self.url = url
    }
}
