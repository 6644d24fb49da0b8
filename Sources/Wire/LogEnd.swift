import Foundation

/// Where one of a job's logs ends on the server, in bytes: the offset a runner that takes the job
/// sends the log's first chunk at (`POST /api/runner/jobs/:id/log?offset=N`).
///
/// A job taken for the first time has empty logs; one queued again after its runner was lost while
/// booting keeps the setup log that runner wrote, and the next runner's log follows it. (A list, not
/// a JSON object keyed by task: the API's snake_case key conversion would rename task names.)
public struct LogEnd: Codable, Sendable, Hashable {
    /// The task whose log this is, or nil for the setup log.
    public var task: String?
    /// The log's length.
    public var length: Int

    /// Creates a log's end.
    /// - Parameters:
    ///   - task: the task, or nil for the setup log.
    ///   - length: the log's length in bytes.
    public init(task: String?, length: Int) {
        self.task = task
        self.length = length
    }
}
