import Foundation
import HTTPTypes
import Hummingbird
import Manifest

/// A job as the API shows it, in builds.sr.ht's REST shape (`setup_log`, `tasks[].log`, `owner.canonical_name`).
public struct JobView: Codable, Sendable, Hashable, ResponseEncodable {
    /// The owner as sr.ht names users.
    public struct Owner: Codable, Sendable, Hashable {
        /// `~name`.
        public var canonicalName: String
        /// `name`.
        public var name: String
    }

    /// A task with the URL of its log.
    public struct TaskView: Codable, Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Its status.
        public var status: TaskStatus
        /// Its log's URL.
        public var log: String
    }

    /// The job's id.
    public var id: Int64
    /// Its status.
    public var status: JobStatus
    /// Free text.
    public var note: String?
    /// Tags.
    public var tags: [String]
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
    /// The job's page in the API.
    public var url: String
    /// Submission time.
    public var created: Date
    /// Last change.
    public var updated: Date
    /// The command that reaches the job's VM while it is kept for SSH, else nil.
    public var ssh: String?

    /// Builds the view of a job.
    /// - Parameters:
    ///   - job: the stored job.
    ///   - baseURL: the server's public URL, without a trailing slash.
    ///   - deliveries: its trigger deliveries.
    public init(_ job: Job, baseURL: String, deliveries: [TriggerDelivery] = []) {
        let jobURL = "\(baseURL)/api/jobs/\(job.id)"
        id = job.id
        status = job.status
        note = job.note
        tags = job.tags
        visibility = job.visibility
        image = job.image
        arch = job.arch
        runner = job.runner
        reason = job.reason
        deadline = job.status == .running ? job.deadline : nil
        owner = Owner(canonicalName: "~\(job.owner)", name: job.owner)
        setupLog = "\(jobURL)/log"
        tasks = job.tasks.map { TaskView(name: $0.name, status: $0.status, log: "\(jobURL)/tasks/\($0.name)/log") }
        groupId = job.groupID
        triggers = deliveries
        url = jobURL
        created = job.createdAt
        updated = job.updatedAt
    }
}

extension JSONEncoder {
    /// The API's encoding: snake_case keys, ISO 8601 dates.
    public static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
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
