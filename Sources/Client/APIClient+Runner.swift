public import Foundation
import HckCore
public import Manifest
public import Wire

/// The runner protocol as a runner node speaks it: register, take (long-poll), heartbeat (answers
/// with cancel), log chunks, task and job statuses, artifact upload.
extension APIClient {
    /// Declares what this runner can run. - Parameter capacity: arches, images, KVM, slots.
    public func register(_ capacity: RunnerCapacity) async throws {
        let answer = try await exchange(APIRoute.registerRunner.request(), body: try JSONEncoder.api.encode(capacity))
        try ClientError.check(answer.status, answer.body)
    }

    /// Waits up to `wait` seconds for a job; nil when none came.
    /// - Parameter wait: the longest wait in seconds (the server caps it at 300).
    public func take(wait: Double) async throws -> Assignment? {
        let answer = try await exchange(APIRoute.takeJob.request(query: ["wait": "\(wait)"]))
        if answer.status == 204 { return nil }
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(Assignment.self, from: answer.body)
    }

    /// Extends the lease; holds the answer up to `wait` seconds unless a cancel comes.
    /// - Parameters:
    ///   - id: the job.
    ///   - wait: how long the server may hold the answer.
    public func heartbeat(_ id: Int64, wait: Double = 0) async throws -> HeartbeatReply {
        let answer = try await exchange(APIRoute.heartbeat.request(id, query: ["wait": "\(wait)"]))
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(HeartbeatReply.self, from: answer.body)
    }

    /// Sends a chunk of the setup log (`task` nil) or a task's log; returns the log's length on the
    /// server afterwards. With an `offset` (where in the log the chunk starts) the server stores only
    /// the bytes it does not hold yet, so the same chunk sent again (a retry whose answer was lost)
    /// is stored once; a chunk starting past the log's end is refused (409). Without one, the chunk
    /// is appended at the end.
    /// - Parameters:
    ///   - id: the job.
    ///   - task: the task.
    ///   - data: the bytes.
    ///   - offset: the byte of the log the chunk starts at, or nil for "at its end".
    ///   - timeout: how long the server may stay silent before the append fails (status 0, so a runner
    ///     sends it again: with an offset that is harmless).
    @discardableResult
    public func appendLog(
        _ id: Int64,
        task: String?,
        _ data: Data,
        offset: Int? = nil,
        timeout: Duration = reportTimeout
    ) async throws -> Int {
        let answer = try await exchange(
            APIRoute.appendLog.request(id, query: ["task": task, "offset": offset.map { "\($0)" }]),
            body: data,
            headers: ["Content-Type": "application/octet-stream"],
            timeout: timeout
        )
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(LogLength.self, from: answer.body).length
    }

    /// The answer to a log append.
    private struct LogLength: Decodable {
        let length: Int
    }

    /// How long a runner's report (a task's status, a log chunk, the job's end) may go unanswered
    /// before it fails as unreachable and is sent again: a connection the server closed without
    /// answering must not hold the job's reports for the 330 s a long-poll may wait. Every report
    /// may safely be sent twice.
    public static let reportTimeout: Duration = .seconds(60)

    /// Reports a task's status.
    /// - Parameters:
    ///   - id: the job.
    ///   - task: the task.
    ///   - status: its new status.
    public func updateTask(_ id: Int64, task: String, status: TaskStatus) async throws {
        _ = try await call(
            APIRoute.reportTask.request(id, task),
            body: TaskUpdate(status: status),
            as: JobView.self,
            timeout: Self.reportTimeout
        )
    }

    /// Reports the job's end.
    /// - Parameters:
    ///   - id: the job.
    ///   - status: a final status.
    ///   - reason: why, when the status does not say.
    public func finish(_ id: Int64, status: JobStatus, reason: String? = nil) async throws -> JobView {
        try await call(
            APIRoute.reportJob.request(id),
            body: FinalStatusReport(status: status, reason: reason),
            as: JobView.self,
            timeout: Self.reportTimeout
        )
    }

    /// Hands a job this runner holds back to the queue, for another runner to run from the start (a
    /// draining node whose job outlasted its drain).
    /// - Parameter id: the job.
    public func release(_ id: Int64) async throws -> JobView {
        try await call(APIRoute.releaseJob.request(id), as: JobView.self, timeout: Self.reportTimeout)
    }

    /// Uploads an artifact (the server streams it into its store).
    /// - Parameters:
    ///   - id: the job.
    ///   - name: its base name.
    ///   - contents: its bytes.
    public func uploadArtifact(_ id: Int64, name: String, contents: Data) async throws -> Artifact {
        let answer = try await exchange(
            APIRoute.uploadArtifact.request(id, name),
            body: contents,
            headers: ["Content-Type": "application/octet-stream"]
        )
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(Artifact.self, from: answer.body)
    }

    /// Uploads an artifact streamed from a file, so a large artifact is never held in memory (nor by
    /// the server, which streams it into its store).
    /// - Parameters:
    ///   - id: the job.
    ///   - name: its base name.
    ///   - file: the file to send.
    public func uploadArtifact(_ id: Int64, name: String, file: URL) async throws -> Artifact {
        let answer = try await exchange(
            APIRoute.uploadArtifact.request(id, name),
            file: file,
            headers: ["Content-Type": "application/octet-stream"]
        )
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(Artifact.self, from: answer.body)
    }
}
