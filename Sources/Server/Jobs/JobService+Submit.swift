import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Checks and stores a submission, keeps its parsed manifest, and wakes waiting runners.
    /// - Parameters:
    ///   - request: what the user sent.
    ///   - user: the submitter, who owns the job.
    ///   - groupID: the job group it joins, if any.
    public func submit(_ request: SubmitRequest, by user: User, groupID: Int64? = nil) async throws -> Job {
        try await insert(checked(request, by: user, groupID: groupID))
    }

    /// A submission checked as ``submit(_:by:groupID:)`` checks it, not yet stored: the note, the
    /// tags, the manifest (its diagnostics named after `file`), a runner for its image and arch,
    /// and the secrets it names.
    func checked(_ request: SubmitRequest, by user: User, file: String = "manifest", groupID: Int64? = nil)
        async throws -> CheckedSubmission
    {
        try FieldRules.checkNote(request.note)
        try FieldRules.checkTags(request.tags)
        let submission = Submission(request: request, owner: user, sizeLimit: manifestSizeLimit, file: file)
        let manifest = try submission.parse()
        let newJob = try submission.check(
            manifest,
            runners: try await runners.value(for: 0, load: { [store] in try await store.runners() }) ?? [],
            secrets: manifest.secrets.isEmpty ? [] : try await store.secrets(owner: user.name),
            groupID: groupID
        )
        return CheckedSubmission(job: newJob, manifest: manifest)
    }

    /// Stores a checked submission, keeps its parsed manifest, and wakes waiting runners.
    func insert(_ checked: CheckedSubmission) async throws -> Job {
        let job = try await store.insert(checked.job)
        await manifests.keep(checked.manifest, for: job.id)
        metrics.count(.submitted)
        await dispatcher.announce(job)
        return job
    }

    /// Submits a job again as `user`: the same manifest, note, tags and visibility. Anyone who may
    /// see the job may resubmit it, as their own job; its secrets stay enabled only when `user`
    /// owns it, since secrets are the owner's.
    public func resubmit(_ id: Int64, by user: User) async throws -> Job {
        let job = try await readable(id, by: user.name)
        let again = SubmitRequest(
            manifest: job.manifest,
            note: job.note,
            tags: job.tags,
            secrets: job.secretsEnabled && job.owner == user.name,
            execute: true,
            visibility: job.visibility
        )
        return try await submit(again, by: user)
    }

    /// Queues a job its owner submitted with `execute: false`.
    public func start(_ id: Int64, by owner: User) async throws -> Job {
        let job = try await owned(id, by: owner.name)
        guard let started = try await store.start(id: job.id) else {
            throw JobError(.conflict, "job \(job.id) is \(job.status.rawValue), not pending: nothing to start")
        }
        await dispatcher.announce(started)
        if let id = started.groupID, let group = try await store.group(id: id) { announceStatus(of: group) }
        return started
    }

    /// Forgets the cached runner list, after a runner registered.
    public func runnersChanged() async {
        await runners.forget(0)
    }
}
