import Foundation
import HckCore
public import Logging
import Manifest
public import ServiceLifecycle
import Store
import Wire

/// Fires the triggers of ended jobs (webhooks; email through ``MailTransport`` when configured) and
/// records each delivery on the job. A failed trigger never changes the job's status.
public struct TriggerDispatcher: Service, CustomStringConvertible {
    /// How the service is named in the log.
    public var description: String { "trigger dispatcher" }

    let jobs: JobService
    let webhooks: WebhookSender
    let commitStatuses: CommitStatusSender
    /// Keeps each group's commit statuses in order.
    let statusOrder = InTurn<Int64>()
    let signer: WebhookSigner
    let mail: (any MailTransport)?
    let logger: Logger

    /// Creates the dispatcher.
    /// - Parameters:
    ///   - jobs: the job rules and store.
    ///   - webhooks: how webhooks are sent.
    ///   - commitStatuses: how commit statuses are sent.
    ///   - signer: the server's webhook signing key.
    ///   - mail: how email is sent, or nil when no SMTP server is configured.
    ///   - logger: where to log.
    public init(
        jobs: JobService,
        webhooks: WebhookSender = WebhookSender(),
        commitStatuses: CommitStatusSender = CommitStatusSender(),
        signer: WebhookSigner,
        mail: (any MailTransport)?,
        logger: Logger
    ) {
        self.jobs = jobs
        self.webhooks = webhooks
        self.commitStatuses = commitStatuses
        self.signer = signer
        self.mail = mail
        self.logger = logger
    }

    /// Fires what a crash or restart left unfired, then consumes the trigger queue until shutdown,
    /// firing each job's triggers concurrently.
    public func run() async throws {
        for work in (try? await jobs.store.unfiredTriggers()) ?? [] {
            jobs.triggers.enqueue(work)
        }
        await withDiscardingTaskGroup { group in
            for await work in jobs.triggers.stream.cancelOnGracefulShutdown() {
                switch work {
                case .job(let id): group.addTask { await fire(what: "job \(id)") { try await fire(jobID: id) } }
                case .group(let id): group.addTask { await fire(what: "group \(id)") { try await fire(groupID: id) } }
                case .groupStarted(let id):
                    group.addTask { await fire(what: "group \(id)") { try await fireStarted(groupID: id) } }
                }
            }
        }
    }

    /// Fires triggers with `body`; while the store cannot be reached (it reports that itself), tries
    /// again every two seconds until shutdown. A delivery made before the store failed is made again:
    /// triggers are delivered at least once. What is still unfired at shutdown fires at the next start.
    /// - Parameters:
    ///   - what: the job or group, for the log.
    ///   - body: fires them.
    func fire(what: String, _ body: () async throws -> Void) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                return try await body()
            } catch let error as StoreError where error.code == .unreachable {
                logger.debug("\(what): triggers wait for the store: \(error)")
                try? await Task.sleep(for: .seconds(2))
            } catch {
                logger.error("\(what): triggers not fired: \(error)")
                return
            }
        }
    }

    /// Fires every trigger of a job whose condition matches its final status.
    /// - Parameter jobID: the ended job.
    public func fire(jobID: Int64) async throws {
        guard let job = try await jobs.store.job(id: jobID), job.status.isFinal else { return }
        let manifest: Manifest
        do {
            manifest = try await jobs.manifest(of: job)
        } catch let error as JobError {
            logger.error("job \(job.id): its triggers cannot be read, so none fire: \(error)")
            try await jobs.store.markTriggersFired(.job(job.id))
            return
        }
        for trigger in manifest.triggers where trigger.condition.matches(job.status) {
            let delivery = await deliver(trigger.action, for: job)
            try await record(delivery, on: [job.id])
        }
        try await jobs.store.markTriggersFired(.job(job.id))
    }

    /// Records a delivery on each job it concerns.
    func record(_ delivery: TriggerDelivery, on ids: [Int64]) async throws {
        for id in ids { try await jobs.store.recordDelivery(id: id, delivery) }
        jobs.metrics.count(delivery.succeeded ? .triggersDelivered : .triggersFailed)
        if !delivery.succeeded {
            logger.warning("jobs \(ids): \(delivery.action) trigger to \(delivery.target) failed: \(delivery.detail)")
        }
    }

    func deliver(_ action: Trigger.Action, for job: Job) async -> TriggerDelivery {
        let body = (try? JSONEncoder.api.encode(JobView(job, baseURL: jobs.baseURL))) ?? Data()
        return await deliver(action, json: body) {
            BuildEmail(job: job, email: $0, baseURL: jobs.baseURL)
        }
    }

    func deliver(
        _ action: Trigger.Action,
        json body: Data,
        email compose: (Trigger.Email) -> BuildEmail
    ) async -> TriggerDelivery {
        switch action {
        case .webhook(let webhook):
            return await webhooks.deliver(body, to: webhook.url, signer: signer)
        case .email(let email):
            guard let mail else {
                return TriggerDelivery(
                    action: "email",
                    target: email.to,
                    succeeded: false,
                    detail: "no SMTP server configured (start the server with --smtp-host)",
                    attempts: 0,
                    at: Date()
                )
            }
            let message = compose(email)
            do {
                let reply = try await mail.send(message)
                return TriggerDelivery(
                    action: "email",
                    target: email.to,
                    succeeded: true,
                    detail: reply,
                    attempts: 1,
                    at: Date()
                )
            } catch {
                return TriggerDelivery(
                    action: "email",
                    target: email.to,
                    succeeded: false,
                    detail: "\(error)",
                    attempts: 1,
                    at: Date()
                )
            }
        }
    }
}
