import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Adds a schedule of `user`'s, checked as its ticks will be submitted: its name, its cron
    /// expression, its note and tags, and each manifest as a submission (diagnostics named
    /// `manifest N`, a runner for its image, the secrets it names). Its first tick comes after now.
    /// - Throws: a 400 naming the field and why; a 409 when `user` has a schedule of that name.
    public func addSchedule(_ request: ScheduleRequest, by user: User) async throws -> Schedule {
        try FieldRules.checkScheduleName(request.name)
        let cron = try FieldRules.cron(request.cron)
        try FieldRules.checkScheduleNote(request.note)
        try FieldRules.checkScheduleManifests(request.manifests)
        for (index, manifest) in request.manifests.enumerated() {
            let file = Self.manifestName(index, of: request.manifests.count)
            do {
                _ = try await checked(SubmitRequest(manifest: manifest, tags: request.tags), by: user, file: file)
            } catch var error as JobError where error.diagnostics == nil {
                // An image or secret refused: say which manifest names it (diagnostics name it already).
                error.message = "\(file): \(error.message)"
                throw error
            }
        }
        let schedule = Schedule(
            id: 0,
            owner: user.name,
            name: request.name,
            cron: cron.description,
            manifests: request.manifests,
            tags: request.tags ?? [],
            note: request.note,
            createdAt: clock.now,
            lastTick: nil
        )
        do {
            return try await store.addSchedule(schedule)
        } catch let error as StoreError where error.code == .duplicate {
            throw JobError(.conflict, "\(error.message): remove it first (`hck schedule rm \(request.name)`)")
        }
    }

    /// Removes `user`'s schedule `name`.
    /// - Throws: a 404 when `user` has none of that name.
    public func removeSchedule(named name: String, by user: User) async throws {
        guard try await store.removeSchedule(owner: user.name, name: name) else {
            throw JobError(.notFound, "you have no schedule named '\(name)' (`hck schedule list` shows yours)")
        }
    }

    /// Submits the tick `due` of `schedule` as one job group of its owner's, started at once,
    /// through the same checks as any submission; the note says which tick it is and how many
    /// were missed before it. The caller has claimed the tick, so no other server submits it.
    public func submit(_ due: ScheduleDue, of schedule: Schedule) async throws -> JobGroup {
        guard let owner = try await store.user(named: schedule.owner) else {
            throw JobError(.notFound, "schedule \(schedule.name)'s owner \(schedule.owner) is no longer a user")
        }
        let note = due.note(for: schedule)
        let tags = schedule.tags.isEmpty ? nil : schedule.tags
        let requests = schedule.manifests.map { SubmitRequest(manifest: $0, note: note, tags: tags) }
        return try await submitGroup(requests, note: note, by: owner)
    }
}
