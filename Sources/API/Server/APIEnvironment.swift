import Foundation
import HTTPTypes
import Manifest

/// Everything the HTTP handlers share: the store, the queue, the secret box and where files go.
public struct APIEnvironment: Sendable {
    /// The job store.
    public let store: any JobStore
    /// The queue and its long-poll doorbell.
    public let dispatcher: Dispatcher
    /// Seals and opens secrets.
    public let secrets: SecretBox
    /// Where artifacts are written (`<dir>/<job id>/<name>`).
    public let artifactsDirectory: String
    /// The server's public URL (no trailing slash), for URLs in job JSON.
    public let baseURL: String
    /// Hands ended jobs to the trigger dispatcher.
    public let triggers: TriggerQueue
    /// Counters for /metrics.
    public let metrics: ServerMetrics
    /// The largest artifact accepted, in bytes.
    public let artifactSizeLimit: Int64
    /// Registered runners, re-read at most once a second (key 0: the whole list).
    let runners = ReadThroughCache<Int, [RunnerRecord]>(lifetime: .seconds(1))

    /// Creates the environment.
    /// - Parameters:
    ///   - store: the job store.
    ///   - dispatcher: the queue.
    ///   - secrets: the secret box.
    ///   - artifactsDirectory: where artifacts go.
    ///   - baseURL: the public URL.
    ///   - triggers: the trigger queue.
    ///   - metrics: counters.
    ///   - artifactSizeLimit: the largest artifact accepted, in bytes.
    public init(
        store: any JobStore,
        dispatcher: Dispatcher,
        secrets: SecretBox,
        artifactsDirectory: String,
        baseURL: String,
        triggers: TriggerQueue,
        metrics: ServerMetrics,
        artifactSizeLimit: Int64 = 1 << 30
    ) {
        self.store = store
        self.dispatcher = dispatcher
        self.secrets = secrets
        self.artifactsDirectory = artifactsDirectory
        self.baseURL = baseURL
        self.triggers = triggers
        self.metrics = metrics
        self.artifactSizeLimit = artifactSizeLimit
    }

    /// The API view of a job, with its trigger deliveries.
    /// - Parameter job: the stored job.
    func view(_ job: Job) async throws -> JobView {
        var view = JobView(job, baseURL: baseURL, deliveries: try await store.deliveries(id: job.id))
        if job.status == .running { view.ssh = try await store.keptVM(id: job.id)?.command(job: job.id) }
        return view
    }

    /// A job the caller may read: 404 when it does not exist or is someone else's private job.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - user: the caller, if authenticated.
    func readableJob(_ id: Int64, by user: User?) async throws -> Job {
        guard let job = try await store.job(id: id), job.visibility != .private || job.owner == user?.name else {
            throw APIError(.notFound, "no job \(id) visible to you")
        }
        return job
    }

    /// A job the caller owns: 404 otherwise.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - user: the caller.
    func ownedJob(_ id: Int64, by user: User) async throws -> Job {
        let job = try await readableJob(id, by: user)
        guard job.owner == user.name else { throw APIError(.notFound, "job \(id) is not yours") }
        return job
    }

    /// Called whenever a job reaches a final status: wakes followers and queues its triggers.
    /// - Parameter job: the job that ended.
    func ended(_ job: Job) async {
        await dispatcher.doorbell.ring(.progress(job.id))
        guard job.status.isFinal else { return }
        triggers.enqueue(.job(job.id))
        if let group = job.groupID, (try? await store.claimGroupCompletion(id: group)) == true {
            triggers.enqueue(.group(group))
        }
    }
}
