import Foundation
import GitPush
import HckCore
import Manifest
import Store
import Wire

extension TriggerDispatcher {
    /// Sets the commit statuses of a group that was submitted or started: pending, saying whether
    /// it waits for approval or runs.
    /// - Parameter groupID: the group.
    func fireStarted(groupID: Int64) async throws {
        guard let group = try await jobs.store.group(id: groupID) else { return }
        try await sendCommitStatuses(of: group)
    }

    /// Sets each commit status a group's triggers ask for, to what its jobs say at each attempt, and
    /// records each delivery on every job of the group.
    /// - Parameter group: the group.
    func sendCommitStatuses(of group: JobGroup) async throws {
        let wanted = group.triggers.filter { $0.action == GroupTrigger.commitStatusAction }
        guard !wanted.isEmpty else { return }
        let repositories = try await jobs.store.repositories(owner: group.owner)
        // One group's statuses go one at a time, in the order asked: a final status never races a
        // pending one still in flight (or retrying) and lands before it.
        try await statusOrder.run(group.id) {
            for trigger in wanted {
                let delivery = await deliverCommitStatus(trigger, of: group, among: repositories)
                try await record(delivery, on: group.jobIDs)
            }
        }
    }

    /// One commit status, sent; a repository that is gone or has no token is a failed delivery.
    func deliverCommitStatus(
        _ trigger: GroupTrigger,
        of group: JobGroup,
        among repositories: [RegisteredRepository]
    ) async -> TriggerDelivery {
        let name = trigger.repository ?? "?"
        func failed(_ why: String) -> TriggerDelivery {
            TriggerDelivery(
                action: CommitStatusSender.action,
                target: name,
                succeeded: false,
                detail: why,
                attempts: 0,
                at: Date()
            )
        }
        guard let repository = repositories.first(where: { $0.name == name }), let commit = trigger.commit else {
            return failed("~\(group.owner) has no repository \(name) any more (`hck repo list`)")
        }
        guard let forge = Forge(rawValue: repository.forge), let apiURL = repository.apiURL,
            let sealed = repository.sealedAPIToken
        else {
            return failed("repository \(name) has no API URL and token for commit statuses")
        }
        let token: String
        do {
            token = String(decoding: try jobs.secretBox.open(sealed), as: UTF8.self)
        } catch {
            return failed("its API token does not open: \(error)")
        }
        let store = jobs.store
        let page = JobLinks(baseURL: jobs.baseURL).groupPage(group.id)
        let target = "\(forge.displayName) \(trigger.forgePath ?? repository.name)@\(commit.prefix(12))"
        return await commitStatuses.deliver(to: target, token: token) {
            var statuses: [JobStatus] = []
            for id in group.jobIDs {
                guard let job = try await store.job(id: id) else { throw JobError(.notFound, "job \(id) is gone") }
                statuses.append(job.status)
            }
            return CommitStatus(
                forge: forge,
                apiURL: apiURL,
                repository: trigger.forgePath ?? repository.name,
                commit: commit,
                state: CommitStatus.state(of: statuses),
                targetURL: page,
                description: Self.describe(statuses)
            )
        }
    }

    /// A line for the forge: what the jobs are doing, or how many succeeded.
    static func describe(_ statuses: [JobStatus]) -> String {
        let count = statuses.count
        let jobs = "\(count) job\(count == 1 ? "" : "s")"
        if statuses.allSatisfy({ $0 == .pending }) { return "\(jobs) waiting for the owner's approval" }
        if statuses.contains(where: { !$0.isFinal }) {
            let ended = statuses.filter(\.isFinal).count
            return "\(jobs) queued or running (\(ended) ended)"
        }
        let succeeded = statuses.filter { $0 == .success }.count
        return "\(succeeded) of \(jobs) succeeded"
    }
}
