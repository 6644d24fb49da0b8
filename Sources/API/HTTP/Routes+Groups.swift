import Foundation
import HTTPTypes
import Hummingbird
import Images
import Manifest

extension APIEnvironment {
    /// `POST /api/job-group` (builds.sr.ht's shape), `GET /api/job-group/:id`, `POST /api/job-group/:id/start`.
    func addGroupRoutes(to router: Router<APIRequestContext>) {
        router.post("api/job-group") { request, context -> JobGroupView in
            let user = try context.requireUser()
            let body = try await request.decode(as: JobGroupRequest.self, context: context)
            guard !body.jobs.isEmpty else { throw APIError(.badRequest, "a job group needs at least one job id in 'jobs'") }
            for trigger in body.triggers ?? [] { _ = try trigger.resolved() }
            let group: JobGroup
            do {
                group = try await store.createGroup(owner: user.name, note: body.note, triggers: body.triggers ?? [], jobIDs: body.jobs)
            } catch let error as StoreError {
                throw APIError(error.code == .duplicate ? .conflict : .badRequest, error.message)
            }
            if body.execute ?? true { try await startGroup(group) }
            return try await groupView(group.id)
        }
        router.get("api/job-group/:id") { _, context -> JobGroupView in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let group = try await store.group(id: id), group.owner == (try context.requireUser().name) else {
                throw APIError(.notFound, "no job group \(id) of yours")
            }
            return try await groupView(id)
        }
        router.post("api/job-group/:id/start") { _, context -> JobGroupView in
            let id = try context.parameters.require("id", as: Int64.self)
            guard let group = try await store.group(id: id), group.owner == (try context.requireUser().name) else {
                throw APIError(.notFound, "no job group \(id) of yours")
            }
            try await startGroup(group)
            return try await groupView(id)
        }
    }

    func startGroup(_ group: JobGroup) async throws {
        for id in group.jobIDs {
            if let job = try await store.start(id: id) { await dispatcher.announce(job) }
        }
    }

    func groupView(_ id: Int64) async throws -> JobGroupView {
        guard let group = try await store.group(id: id) else { throw APIError(.notFound, "no job group \(id)") }
        var jobs: [JobView] = []
        for jobID in group.jobIDs { if let job = try await store.job(id: jobID) { jobs.append(try await view(job)) } }
        let status: JobStatus? = jobs.allSatisfy { $0.status.isFinal } ? (jobs.allSatisfy { $0.status == .success } ? .success : .failed) : nil
        return JobGroupView(group: group, jobs: jobs, status: status)
    }
}

/// `POST /api/job-group`: jobs submitted with `execute: false`, grouped.
public struct JobGroupRequest: Codable, Sendable {
    /// The jobs' ids.
    public var jobs: [Int64]
    /// Free text.
    public var note: String?
    /// Triggers fired once every job ended.
    public var triggers: [GroupTrigger]?
    /// Start the jobs now (default true).
    public var execute: Bool?

    /// Creates a group request.
    /// - Parameters:
    ///   - jobs: the jobs.
    ///   - note: free text.
    ///   - triggers: group triggers.
    ///   - execute: start them now.
    public init(jobs: [Int64], note: String? = nil, triggers: [GroupTrigger]? = nil, execute: Bool? = nil) {
        self.jobs = jobs
        self.note = note
        self.triggers = triggers
        self.execute = execute
    }
}

/// A job group as the API shows it.
public struct JobGroupView: Codable, Sendable, ResponseEncodable {
    /// The group's id.
    public var id: Int64
    /// Free text.
    public var note: String?
    /// Its jobs.
    public var jobs: [JobView]
    /// Its triggers.
    public var triggers: [GroupTrigger]
    /// success/failed once every job ended, else absent.
    public var status: JobStatus?

    /// Builds the view.
    /// - Parameters:
    ///   - group: the group.
    ///   - jobs: its jobs' views.
    ///   - status: its overall status, once ended.
    public init(group: JobGroup, jobs: [JobView], status: JobStatus?) {
        id = group.id
        note = group.note
        self.jobs = jobs
        triggers = group.triggers
        self.status = status
    }
}
