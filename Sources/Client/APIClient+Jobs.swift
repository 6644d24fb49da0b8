public import Foundation
import HckCore
public import Manifest
public import Wire

extension APIClient {
    /// Submits a manifest. - Parameter request: the submission.
    public func submit(_ request: SubmitRequest) async throws -> JobView {
        try await call(APIRoute.submitJob.request(), body: request, as: JobView.self)
    }

    /// A job. - Parameter id: its id.
    public func job(_ id: Int64) async throws -> JobView {
        try await call(APIRoute.job.request(id), as: JobView.self)
    }

    /// The caller's newest jobs (the first page).
    public func jobs() async throws -> [JobView] {
        try await jobs(start: nil).results
    }

    /// A page of the caller's jobs, newest first.
    /// - Parameters:
    ///   - start: the highest job id wanted (the previous page's `next`), or nil for the newest.
    ///   - limit: the page size (1-100; the server's default is 50).
    public func jobs(start: Int64?, limit: Int? = nil) async throws -> JobList {
        try await call(
            APIRoute.listJobs.request(query: ["start": start.map { "\($0)" }, "limit": limit.map { "\($0)" }]),
            as: JobList.self
        )
    }

    /// Cancels a job. - Parameter id: its id.
    public func cancel(_ id: Int64) async throws -> JobView {
        try await call(APIRoute.cancelJob.request(id), as: JobView.self)
    }

    /// Starts a pending job. - Parameter id: its id.
    public func start(_ id: Int64) async throws -> JobView {
        try await call(APIRoute.startJob.request(id), as: JobView.self)
    }

    /// Submits a job's manifest again as a new job. - Parameter id: the old job's id.
    public func resubmit(_ id: Int64) async throws -> JobView {
        try await call(APIRoute.resubmitJob.request(id), as: JobView.self)
    }

    /// A job's artifacts. - Parameter id: its id.
    public func artifacts(_ id: Int64) async throws -> [ArtifactView] {
        try await call(APIRoute.jobArtifacts.request(id), as: [ArtifactView].self)
    }

    /// Adds a secret. - Parameter request: the secret.
    public func addSecret(_ request: SecretRequest) async throws -> SecretInfo {
        try await call(APIRoute.addSecret.request(), body: request, as: SecretInfo.self)
    }

    /// The caller's secrets (never their values).
    public func secrets() async throws -> [SecretInfo] {
        try await call(APIRoute.listSecrets.request(), as: [SecretInfo].self)
    }

    /// A piece of a log: the bytes after `offset` (at most 4 MiB; `length` says how many there are),
    /// waiting up to `wait` seconds for some when there are none yet.
    /// - Parameters:
    ///   - id: the job.
    ///   - task: the task, or nil for the setup log.
    ///   - offset: bytes already read.
    ///   - wait: the longest wait for new bytes (0: answer at once).
    public func log(_ id: Int64, task: String?, offset: Int, wait: Double) async throws -> LogChunk {
        let query: KeyValuePairs<String, String?> = ["offset": "\(offset)", "wait": "\(wait)"]
        let request =
            task.map { APIRoute.taskLog.request(id, $0, query: query) } ?? APIRoute.jobLog.request(id, query: query)
        let answer = try await exchange(request)
        try ClientError.check(answer.status, answer.body)
        return LogChunk(
            data: answer.body,
            length: Int(answer.headers[HeaderName.logLength.lowercased] ?? "") ?? offset + answer.body.count,
            jobStatus: JobStatus(rawValue: answer.headers[HeaderName.jobStatus.lowercased] ?? "") ?? .pending,
            taskStatus: TaskStatus(rawValue: answer.headers[HeaderName.taskStatus.lowercased] ?? "")
        )
    }
}

/// New bytes of a log and where the job is.
public struct LogChunk: Sendable {
    /// The bytes after the offset asked for.
    public var data: Data
    /// The log's whole length now (the next offset).
    public var length: Int
    /// The job's status.
    public var jobStatus: JobStatus
    /// The task's status, for a task log.
    public var taskStatus: TaskStatus?
}

extension APIClient {
    /// Groups submitted jobs (and starts them when `execute` is true). - Parameter request: the group.
    public func createGroup(_ request: JobGroupRequest) async throws -> JobGroupView {
        try await call(APIRoute.submitGroup.request(), body: request, as: JobGroupView.self)
    }

    /// A job group. - Parameter id: its id.
    public func group(_ id: Int64) async throws -> JobGroupView {
        try await call(APIRoute.group.request(id), as: JobGroupView.self)
    }

    /// Cancels every job of a group. - Parameter id: its id.
    public func cancelGroup(_ id: Int64) async throws -> JobGroupView {
        try await call(APIRoute.cancelGroup.request(id), as: JobGroupView.self)
    }
}
