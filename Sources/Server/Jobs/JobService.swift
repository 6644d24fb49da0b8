import Foundation
import HckCore
public import Manifest
public import Store
public import Wire

/// The rules of a job's life, in one place for the API routes, the web pages, the runner
/// protocol, the lease reaper and the triggers: who may see a job, submitting, resubmitting,
/// starting and cancelling it, claiming its kept VM, what a runner is handed, and what happens
/// when it ends. Each job's manifest is parsed once, at submission, and kept (``ManifestCache``).
public struct JobService: Sendable {
    /// The job store.
    public let store: any ServerStore
    /// The queue and its doorbell.
    public let dispatcher: Dispatcher
    /// Seals and opens secrets.
    public let secretBox: SecretBox
    /// The server's public URL (no trailing slash).
    public let baseURL: String
    /// Where ended jobs' triggers are queued.
    public let triggers: TriggerQueue
    /// What /metrics exports (``ServerMetrics``).
    public let metrics: ServerMetrics
    /// The largest manifest a submission may have, in bytes.
    public let manifestSizeLimit: Int
    /// The time schedules go by (a schedule's creation and its ticks).
    public let clock: WallClock
    /// Parsed manifests by job.
    let manifests = ManifestCache()
    /// Registered runners, re-read at most once a second (key 0: the whole list).
    let runners = ReadThroughCache<Int, [RunnerRecord]>(lifetime: .seconds(1))

    /// Makes the service.
    public init(
        store: any ServerStore,
        dispatcher: Dispatcher,
        secretBox: SecretBox,
        baseURL: String,
        triggers: TriggerQueue,
        metrics: ServerMetrics,
        manifestSizeLimit: Int = Manifest.defaultSizeLimit,
        clock: WallClock = .system
    ) {
        self.manifestSizeLimit = manifestSizeLimit
        self.clock = clock
        self.store = store
        self.dispatcher = dispatcher
        self.secretBox = secretBox
        self.baseURL = baseURL
        self.triggers = triggers
        self.metrics = metrics
    }

    /// A job `viewer` may see: anyone sees public and unlisted jobs, only the owner a private one.
    /// A job that does not exist and one the viewer may not see are refused alike.
    public func readable(_ id: Int64, by viewer: String?) async throws -> Job {
        guard let job = try await store.job(id: id), job.visibility != .private || job.owner == viewer else {
            throw JobError(.notFound, "there is no job \(id) you can see (a private job is seen only by its owner)")
        }
        return job
    }

    /// A job `owner` owns, for the actions only its owner may take.
    public func owned(_ id: Int64, by owner: String) async throws -> Job {
        let job = try await readable(id, by: owner)
        guard job.owner == owner else {
            throw JobError(.notFound, "job \(id) is ~\(job.owner)'s, not yours: only its owner may change it")
        }
        return job
    }

    /// The job's manifest as parsed at its submission.
    public func manifest(of job: Job) async throws -> Manifest {
        try await manifests.manifest(of: job)
    }

    /// The API's view of a job, with its trigger deliveries and, while its VM is kept, the SSH command.
    public func view(_ job: Job) async throws -> JobView {
        var view = JobView(job, baseURL: baseURL, deliveries: try await store.deliveries(id: job.id))
        view.ssh = try await keptVM(of: job)?.command(job: job.id)
        let expired = try await store.expirations(id: job.id)
        view.artifactsExpired = expired[.artifacts]
        view.logsExpired = expired[.logs]
        return view
    }
}
