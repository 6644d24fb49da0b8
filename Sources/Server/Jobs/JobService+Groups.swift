import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Submits manifests as one job group of `user`'s, started at once. Every submission is checked
    /// first (``checked(_:by:file:groupID:)``, each manifest's diagnostics named `manifest N`), so
    /// one that is refused stores none of them.
    /// - Parameters:
    ///   - requests: the jobs, in order (their `execute` is ignored: the group starts them).
    ///   - note: the group's note.
    ///   - triggers: the group's triggers.
    ///   - start: whether to start the group now; false leaves its jobs pending until ``start(_:)``
    ///     (a fork's pull request waiting for approval).
    public func submitGroup(
        _ requests: [SubmitRequest],
        note: String?,
        triggers: [GroupTrigger] = [],
        start: Bool = true,
        by user: User
    ) async throws -> JobGroup {
        guard !requests.isEmpty else { throw JobError(.invalid, "a job group needs at least one manifest") }
        try FieldRules.checkNote(note)
        var checked: [CheckedSubmission] = []
        for (index, request) in requests.enumerated() {
            var held = request
            held.execute = false
            checked.append(try await self.checked(held, by: user, file: Self.manifestName(index, of: requests.count)))
        }
        var ids: [Int64] = []
        for submission in checked { ids.append(try await insert(submission).id) }
        let group = try await store.createGroup(owner: user.name, note: note, triggers: triggers, jobIDs: ids)
        if start {
            try await self.start(group)
        } else {
            announceStatus(of: group)
        }
        return group
    }

    /// Queues every pending job of a group; its commit statuses say so when any job started.
    public func start(_ group: JobGroup) async throws {
        var started = false
        for id in group.jobIDs {
            if let job = try await store.start(id: id) {
                await dispatcher.announce(job)
                started = true
            }
        }
        if started { announceStatus(of: group) }
    }

    /// The group `id` of `owner`'s, for the actions only its owner may take.
    /// - Throws: a 404 when there is no such group or it is another's.
    public func ownedGroup(_ id: Int64, by owner: String) async throws -> JobGroup {
        guard let group = try await store.group(id: id), group.owner == owner else {
            throw JobError(.notFound, "no job group \(id) of yours")
        }
        return group
    }

    /// Has the group's commit statuses (if it has any) say where it stands now: waiting or queued.
    func announceStatus(of group: JobGroup) {
        if group.triggers.contains(where: { $0.action == GroupTrigger.commitStatusAction }) {
            triggers.enqueue(.groupStarted(group.id))
        }
    }

    /// What the diagnostics of the manifest at `index` (from 0) call it: `manifest` alone, else
    /// `manifest N` counting from 1.
    static func manifestName(_ index: Int, of count: Int) -> String {
        count == 1 ? "manifest" : "manifest \(index + 1)"
    }
}
