import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Cancels a job for its owner: a queued job ends at once; a running one when its runner
    /// hears of it (within a second). Cancelling an ended job changes nothing.
    public func cancel(_ id: Int64, by owner: User) async throws -> Job {
        let job = try await owned(id, by: owner.name)
        guard let cancelled = try await dispatcher.cancel(id: job.id) else {
            throw JobError(.notFound, "job \(job.id) vanished")
        }
        if cancelled.status.isFinal && !job.status.isFinal { await ended(cancelled) }
        return cancelled
    }

    /// A runner's report that the job it holds ended.
    /// - Parameters:
    ///   - id: the job.
    ///   - runner: the runner reporting.
    ///   - outcome: the final status and why.
    public func finish(_ id: Int64, runner: String, outcome: FinalStatusReport) async throws -> Job {
        guard outcome.status.isFinal else {
            throw JobError(
                .invalid,
                "'\(outcome.status.rawValue)' is not a final status (success, failed, timeout, cancelled)"
            )
        }
        guard
            let job = try await store.finish(
                id: id,
                runner: runner,
                status: outcome.status,
                reason: outcome.reason,
                now: Date()
            )
        else { throw JobError(.gone, "runner \(runner) no longer holds job \(id)") }
        metrics.count(.finished)
        await ended(job)
        return job
    }

    /// What follows every change of a job's status, final or not, whoever made it (a runner, a
    /// cancel, the lease reaper, the deadline): followers wake, and once the job is final its
    /// triggers are queued, then its group's when it was the group's last job.
    public func ended(_ job: Job) async {
        await dispatcher.changed(job.id)
        guard job.status.isFinal else { return }
        await recordDuration(of: job)
        triggers.enqueue(.job(job.id))
        guard let group = job.groupID else { return }
        // A store that fails here leaves the group unmarked, and its triggers then never fire: nothing
        // claims the group's completion again (as before this type existed; see the open issue note).
        if (try? await store.claimGroupCompletion(id: group)) == true { triggers.enqueue(.group(group)) }
    }

    /// Adds an ended job's run, from the runner's taking it (the last time, if it was queued again) to
    /// its end, to ``ServerMetrics``; a job cancelled before any runner took it has none. A store that
    /// cannot say only costs the sample: the job's end goes on.
    private func recordDuration(of job: Job) async {
        guard let span = try? await store.times(id: job.id).job, let started = span.started else { return }
        metrics.ended(job.status, after: .seconds((span.finished ?? job.updatedAt).timeIntervalSince(started)))
    }
}
