import Foundation
import HTTPTypes
import HckCore
import Manifest
public import Store
import Wire

/// Everything the HTTP handlers share: the job rules (``JobService``) and the artifacts' size limit.
/// Routes that only read or write data (logs, keys, secrets) use the store directly; anything
/// that decides about a job goes through ``jobs``.
public struct APIEnvironment: Sendable {
    /// The job rules.
    public let jobs: JobService
    /// The largest artifact accepted, in bytes.
    public let artifactSizeLimit: Int64
    /// Signs webhook deliveries; its public key is served at `/api/webhook-key`.
    public let webhookSigner: WebhookSigner
    /// Builds what forges' webhooks deliver.
    public let forges: ForgeDeliveries

    /// Creates the environment.
    public init(
        jobs: JobService,
        artifactSizeLimit: Int64 = 1 << 30,
        webhookSigner: WebhookSigner,
        forges: ForgeDeliveries
    ) {
        self.jobs = jobs
        self.artifactSizeLimit = artifactSizeLimit
        self.webhookSigner = webhookSigner
        self.forges = forges
    }

    /// The job store.
    public var store: any JobStore { jobs.store }
    /// The queue and its doorbell.
    public var dispatcher: Dispatcher { jobs.dispatcher }
    /// The server's public URL.
    public var baseURL: String { jobs.baseURL }
    /// What /metrics exports (``ServerMetrics``).
    public var metrics: ServerMetrics { jobs.metrics }
    /// Seals and opens secrets.
    public var secrets: SecretBox { jobs.secretBox }
}
