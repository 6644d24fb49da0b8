/// One entry of `triggers`: something to do once the job has ended, under a condition.
public struct Trigger: Sendable, Hashable, Codable {
    /// When a trigger fires.
    public enum Condition: String, Sendable, Hashable, Codable, CaseIterable {
        /// Whatever the outcome.
        case always
        /// When the job failed, timed out or was cancelled.
        case failure
        /// When the job succeeded.
        case success

        /// Whether a job that ended with `status` fires this trigger.
        /// - Parameter status: the job's final status.
        /// - Returns: `true` when the trigger should run.
        public func matches(_ status: JobStatus) -> Bool {
            switch self {
            case .always: status.isFinal
            case .failure: [.failed, .timeout, .cancelled].contains(status)
            case .success: status == .success
            }
        }
    }

    /// An email about the job.
    public struct Email: Sendable, Hashable, Codable {
        /// Recipients, as written (`Name <addr>, other@example.org`).
        public var to: String
        /// Carbon-copy recipients, if any.
        public var cc: String?
        /// The Message-Id the email replies to, if any.
        public var inReplyTo: String?

        /// Creates an email action.
        /// - Parameters:
        ///   - to: recipients.
        ///   - cc: carbon-copy recipients.
        ///   - inReplyTo: the Message-Id replied to.
        public init(to: String, cc: String? = nil, inReplyTo: String? = nil) {
            self.to = to
            self.cc = cc
            self.inReplyTo = inReplyTo
        }
    }

    /// A signed HTTP POST of the job as JSON.
    public struct Webhook: Sendable, Hashable, Codable {
        /// Where to POST (http or https).
        public var url: String

        /// Creates a webhook action.
        /// - Parameter url: where to POST.
        public init(url: String) {
            self.url = url
        }
    }

    /// What a trigger does.
    public enum Action: Sendable, Hashable, Codable {
        /// `action: email`.
        case email(Email)
        /// `action: webhook`.
        case webhook(Webhook)
    }

    /// When it fires.
    public var condition: Condition
    /// What it does.
    public var action: Action

    /// Creates a trigger.
    /// - Parameters:
    ///   - condition: when it fires.
    ///   - action: what it does.
    public init(condition: Condition, action: Action) {
        self.condition = condition
        self.action = action
    }
}
