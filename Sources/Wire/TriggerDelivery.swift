public import Foundation

/// One attempt to fire a trigger, recorded on the job; a failed one never changes the job's status.
public struct TriggerDelivery: Sendable, Hashable, Codable {
    /// `email` or `webhook`.
    public var action: String
    /// The address or URL it went to.
    public var target: String
    /// Whether it was delivered.
    public var succeeded: Bool
    /// What happened (HTTP status, SMTP reply, or the error).
    public var detail: String
    /// How many attempts it took.
    public var attempts: Int
    /// When it ended.
    public var at: Date

    /// Creates a delivery record.
    /// - Parameters:
    ///   - action: `email` or `webhook`.
    ///   - target: where it went.
    ///   - succeeded: whether it was delivered.
    ///   - detail: what happened.
    ///   - attempts: how many attempts.
    ///   - at: when it ended.
    public init(action: String, target: String, succeeded: Bool, detail: String, attempts: Int, at: Date) {
        self.action = action
        self.target = target
        self.succeeded = succeeded
        self.detail = detail
        self.attempts = attempts
        self.at = at
    }
}
