public import Foundation
public import Manifest

/// A job as the API shows it, in builds.sr.ht's REST shape (`setup_log`, `tasks[].log`, `owner.canonical_name`).
public struct JobView: Codable, Sendable, Hashable {
    /// The owner as sr.ht names users.
    public struct Owner: Codable, Sendable, Hashable {
        /// `~name`.
        public var canonicalName: String
        /// `name`.
        public var name: String

        /// Makes an owner.
        public init(canonicalName: String, name: String) {
            self.canonicalName = canonicalName
            self.name = name
        }
    }

    /// A task with the URL of its log.
    public struct TaskView: Codable, Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Its status.
        public var status: TaskStatus
        /// Its log's URL.
        public var log: String

        /// Makes a task's view.
        public init(name: String, status: TaskStatus, log: String) {
            self.name = name
            self.status = status
            self.log = log
        }
    }

    /// The job's id.
    public var id: Int64
    /// Its status.
    public var status: JobStatus
    /// Free text.
    public var note: String?
    /// Tags, shown as builds.sr.ht shows them: `"a/b"`, or null (``SlashJoinedTags``).
    @SlashJoinedTags public var tags: [String]
    /// Who may see it.
    public var visibility: Visibility
    /// The image.
    public var image: String
    /// The architecture.
    public var arch: String
    /// The runner holding it, while it runs.
    public var runner: String?
    /// Why it ended so, when the status does not say.
    public var reason: String?
    /// While it runs: when the server ends it `timeout`.
    public var deadline: Date?
    /// The owner.
    public var owner: Owner
    /// The setup log's URL.
    public var setupLog: String
    /// The tasks with their log URLs.
    public var tasks: [TaskView]
    /// The job's group, if any.
    public var groupId: Int64?
    /// Trigger deliveries so far.
    public var triggers: [TriggerDelivery]
    /// The job's web page.
    public var url: String
    /// The job in the API (this view's own address).
    public var apiUrl: String
    /// Submission time.
    public var created: Date
    /// Last change.
    public var updated: Date
    /// The command that reaches the job's VM while it is kept for SSH, else nil.
    public var ssh: String?
    /// When the server's retention removed the job's artifacts, if it did.
    public var artifactsExpired: Date?
    /// When the server's retention removed the job's logs, if it did.
    public var logsExpired: Date?

    /// Makes a view from its fields (the server makes it from a stored job).
    public init(
        id: Int64,
        status: JobStatus,
        note: String? = nil,
        tags: [String],
        visibility: Visibility,
        image: String,
        arch: String,
        runner: String? = nil,
        reason: String? = nil,
        deadline: Date? = nil,
        owner: Owner,
        setupLog: String,
        tasks: [TaskView],
        groupId: Int64? = nil,
        triggers: [TriggerDelivery],
        url: String,
        apiUrl: String,
        created: Date,
        updated: Date,
        ssh: String? = nil
    ) {
        self.id = id
        self.status = status
        self.note = note
        self.tags = tags
        self.visibility = visibility
        self.image = image
        self.arch = arch
        self.runner = runner
        self.reason = reason
        self.deadline = deadline
        self.owner = owner
        self.setupLog = setupLog
        self.tasks = tasks
        self.groupId = groupId
        self.triggers = triggers
        self.url = url
        self.apiUrl = apiUrl
        self.created = created
        self.updated = updated
        self.ssh = ssh
    }
}

extension JSONEncoder {
    /// The API's encoding: snake_case keys, ISO 8601 dates.
    public static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    /// The API's decoding: snake_case keys, ISO 8601 dates.
    public static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
