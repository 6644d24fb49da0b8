/// The states a job moves through, as builds.sr.ht names them.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Submitted but not yet handed to the queue (e.g. a job group not started).
    case pending
    /// Waiting for a runner.
    case queued
    /// A runner holds it.
    case running
    /// Every task succeeded (or `complete-build` ended it early).
    case success
    /// A task or a setup step failed.
    case failed
    /// The job's deadline passed.
    case timeout
    /// Someone cancelled it.
    case cancelled

    /// Whether the job has ended and will not change again.
    public var isFinal: Bool {
        switch self {
        case .pending, .queued, .running: false
        case .success, .failed, .timeout, .cancelled: true
        }
    }
}

/// The states of one task of a job.
public enum TaskStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not started yet.
    case pending
    /// Its script is running.
    case running
    /// Its script exited 0.
    case success
    /// Its script exited non-zero, or the job ended while it ran.
    case failed
    /// An earlier task failed, or `complete-build` ended the job.
    case skipped
}
