import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension APIEnvironment {
    /// `POST /api/job-group` (builds.sr.ht's shape: the jobs stay pending unless `execute` is true),
    /// `GET /api/job-group/:id`, `POST /api/job-group/:id/start` and `…/cancel`.
    func addGroupRoutes(to router: Router<APIRequestContext>) {
        router.on(.submitGroup) { request, context -> JobGroupView in
            let user = try context.requireUser(.writeJobs)
            let body = try await request.decode(as: JobGroupRequest.self, context: context)
            try FieldRules.checkNote(body.note)
            guard !body.jobs.isEmpty else {
                throw APIError(.badRequest, "a job group needs at least one job id in 'jobs'")
            }
            for trigger in body.triggers ?? [] { _ = try trigger.resolved() }
            let group: JobGroup
            do {
                group = try await store.createGroup(
                    owner: user.name,
                    note: body.note,
                    triggers: body.triggers ?? [],
                    jobIDs: body.jobs
                )
            } catch let error as StoreError {
                throw APIError(error.code == .duplicate ? .conflict : .badRequest, error.message)
            }
            if body.execute ?? false { try await jobs.start(group) }
            return try await groupView(group.id)
        }
        router.on(.group) { _, context -> JobGroupView in
            let user = try context.requireUser(.readJobs)
            let id = try context.parameters.id()
            _ = try await jobs.ownedGroup(id, by: user.name)
            return try await groupView(id)
        }
        router.on(.startGroup) { _, context -> JobGroupView in
            let user = try context.requireUser(.writeJobs)
            let id = try context.parameters.id()
            let group = try await jobs.ownedGroup(id, by: user.name)
            try await jobs.start(group)
            return try await groupView(id)
        }
        router.on(.cancelGroup) { _, context -> JobGroupView in
            let user = try context.requireUser(.writeJobs)
            let id = try context.parameters.id()
            let group = try await jobs.ownedGroup(id, by: user.name)
            // Cancelling a job that has ended changes nothing (JobService's rule).
            for jobID in group.jobIDs { _ = try await jobs.cancel(jobID, by: user) }
            return try await groupView(id)
        }
    }

    func groupView(_ id: Int64) async throws -> JobGroupView {
        guard let group = try await store.group(id: id) else { throw APIError(.notFound, "no job group \(id)") }
        var views: [JobView] = []
        for jobID in group.jobIDs {
            if let job = try await store.job(id: jobID) { views.append(try await jobs.view(job)) }
        }
        let status: JobStatus? =
            views.allSatisfy { $0.status.isFinal }
            ? (views.allSatisfy { $0.status == .success } ? .success : .failed) : nil
        return JobGroupView(group: group, jobs: views, status: status)
    }
}
