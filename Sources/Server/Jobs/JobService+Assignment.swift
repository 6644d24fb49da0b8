import Foundation
import HckCore
public import Logging
public import Manifest
public import Store
public import Wire

extension JobService {
    /// What a runner is handed with a job it took: the manifest, the secrets the manifest names
    /// (when the job enables secrets), a job token when the manifest asks for `oauth`, and how
    /// much of each log the server already has (for a job taken again after a lost runner).
    public func assignment(for job: Job) async throws -> Assignment {
        let manifest = try await manifest(of: job)
        return Assignment(
            job: JobView(job, baseURL: baseURL),
            manifest: job.manifest,
            secrets: try await deliveredSecrets(for: job, manifest: manifest),
            leaseExpiresAt: job.leaseExpiresAt ?? Date(),
            deadline: job.deadline ?? Date(),
            oauth2Token: try await jobToken(for: job, manifest: manifest),
            logEnds: try await logEnds(of: job)
        )
    }

    /// What the runner that claimed `job` is handed (``assignment(for:)``). When that fails (a secret
    /// that does not open, the store gone meanwhile), the job goes back to the queue at once instead of
    /// waiting out a lease held by a runner that never got it; the error is thrown on.
    public func handOver(_ job: Job, to runner: String, logger: Logger) async throws -> Assignment {
        do {
            return try await assignment(for: job)
        } catch {
            logger.warning(
                "job \(job.id) could not be handed to runner \(runner), so it goes back to the queue: \(error)"
            )
            do {
                try await giveBack(job, from: runner)
            } catch let giveBackError {
                logger.error(
                    "job \(job.id) could not go back to the queue (\(giveBackError)); it will when its lease ends"
                )
            }
            throw error
        }
    }

    /// Puts a job `runner` claimed but never got back in the queue at once, and tells waiting runners.
    public func giveBack(_ job: Job, from runner: String) async throws {
        if let queued = try await store.giveBack(id: job.id, runner: runner, now: Date()) {
            await dispatcher.announce(queued)
        }
    }

    /// Puts a job `runner` holds back in the queue for another runner (a draining runner whose job
    /// outlasted its drain), and tells waiting runners; `gone` when `runner` does not hold it.
    @discardableResult
    public func release(_ id: Int64, by runner: String) async throws -> Job {
        guard let queued = try await store.giveBack(id: id, runner: runner, now: Date()) else {
            throw JobError(.gone, "runner \(runner) does not hold job \(id)")
        }
        await dispatcher.announce(queued)
        await dispatcher.changed(id)
        return queued
    }

    /// The job, when `runner` is the one that holds it or, once it ended, the last that held it (a
    /// runner still tidies up after a job, e.g. its kept VM); `gone` when it is another runner's, or
    /// no job at all.
    @discardableResult
    public func ran(_ id: Int64, by runner: String) async throws -> Job {
        guard let job = try await store.job(id: id),
            try await (job.status.isFinal ? store.times(id: id).runner : job.runner) == runner
        else {
            throw JobError(.gone, "job \(id) is not runner \(runner)'s")
        }
        return job
    }

    /// The job, while `runner` may add to its logs: it holds the job, or the job ended and its VM is
    /// kept on this runner (whose gateway records SSH sessions in the log); `gone` otherwise.
    @discardableResult
    public func loggable(_ id: Int64, by runner: String) async throws -> Job {
        let job = try await ran(id, by: runner)
        let kept = job.status.isFinal ? try await keptVM(of: job) : nil
        guard job.status == .running || kept != nil else {
            throw JobError(.gone, "runner \(runner) does not hold job \(id)")
        }
        return job
    }

    /// The job's held by `runner` while it runs; `gone` otherwise, which tells the runner to stop it.
    @discardableResult
    public func held(_ id: Int64, by runner: String) async throws -> Job {
        guard let job = try await store.job(id: id), job.runner == runner, job.status == .running else {
            throw JobError(.gone, "runner \(runner) does not hold job \(id)")
        }
        return job
    }

    private func deliveredSecrets(for job: Job, manifest: Manifest) async throws -> [DeliveredSecret] {
        guard job.secretsEnabled, !manifest.secrets.isEmpty else { return [] }
        let owned = try await store.secrets(owner: job.owner)
        return try manifest.secrets.compactMap { wanted in
            guard let secret = owned.first(where: { $0.isNamed(wanted) }) else { return nil }
            return DeliveredSecret(
                id: secret.id,
                name: secret.name,
                kind: secret.kind,
                path: secret.path,
                mode: secret.mode,
                value: try secretBox.open(secret.sealed)
            )
        }
    }

    /// A token acting as the job's owner, within the manifest's grants (``grants(ofJob:)``), while
    /// the job runs, when the manifest asks for one (`oauth`) and the job enables secrets; revoked
    /// when the job ends.
    private func jobToken(for job: Job, manifest: Manifest) async throws -> String? {
        guard job.secretsEnabled, manifest.oauth != nil else { return nil }
        let token = Token.generate()
        guard try await store.addJobToken(id: job.id, tokenHash: Token.hash(token)) else { return nil }
        return token
    }

    /// What a job's `OAUTH2_TOKEN` may do: its manifest's `oauth` grants (none once the job is gone).
    public func grants(ofJob id: Int64) async throws -> OAuthGrants {
        guard let job = try await store.job(id: id) else { return OAuthGrants() }
        return OAuthGrants.parse(try await manifest(of: job).oauth ?? "").grants
    }

    /// How long each of the job's logs is in the store.
    private func logEnds(of job: Job) async throws -> [LogEnd] {
        var ends = [LogEnd(task: nil, length: try await store.logLength(id: job.id, task: nil))]
        for task in job.tasks {
            ends.append(LogEnd(task: task.name, length: try await store.logLength(id: job.id, task: task.name)))
        }
        return ends
    }
}
