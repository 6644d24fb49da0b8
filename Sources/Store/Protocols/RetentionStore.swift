public import Foundation
import Manifest
import Wire

/// What retention removes from ended jobs, in the order a pruning pass removes it: the jobs
/// themselves first (so their data is not removed twice), then artifacts, then logs.
public enum RetentionKind: String, Sendable, CaseIterable, Hashable {
    /// The job, with everything it has.
    case jobs
    /// A job's artifacts (the job page then says when they expired).
    case artifacts
    /// A job's logs (setup and tasks).
    case logs
}

/// What a pruning step removed, or (``RetentionStore/prunable(_:endedBefore:notBefore:)``) would remove.
public struct Pruned: Sendable, Hashable {
    /// The jobs whose data went (or that went).
    public var jobs: Int
    /// The bytes of artifacts and logs that went with them.
    public var bytes: Int64

    /// Makes one.
    public init(jobs: Int = 0, bytes: Int64 = 0) {
        self.jobs = jobs
        self.bytes = bytes
    }

    /// Adds another step's count to this one.
    public mutating func add(_ other: Pruned) {
        jobs += other.jobs
        bytes += other.bytes
    }
}

/// The bytes of artifacts and logs a store holds now (`/metrics`).
public struct StoredBytes: Sendable, Hashable {
    /// Artifacts' bytes.
    public var artifacts: Int64
    /// Logs' bytes.
    public var logs: Int64

    /// Makes one.
    public init(artifacts: Int64, logs: Int64) {
        self.artifacts = artifacts
        self.logs = logs
    }
}

/// Ended jobs' data that has expired, removed in small batches (see `Pruner` in Server). A job's end is
/// its record's last change, which no one makes after it ended.
public protocol RetentionStore: Sendable {
    /// Removes the `kind` of at most `limit` jobs that ended before `cutoff`, in one short transaction,
    /// and records when it did (``expirations(id:)``; a removed job leaves nothing to record). Returns nil,
    /// removing nothing, when another server sharing the store is pruning now (PostgreSQL's advisory lock;
    /// SQLite has one server).
    func prune(_ kind: RetentionKind, endedBefore cutoff: Date, limit: Int, now: Date) async throws -> Pruned?
    /// What ``prune(_:endedBefore:limit:now:)`` would remove with no limit, counting only jobs that ended
    /// at or after `floor` (the jobs cutoff of the same pass, whose jobs go whole before their data would),
    /// so a dry run (`hck admin prune --dry-run`) reports what the pass then does.
    func prunable(_ kind: RetentionKind, endedBefore cutoff: Date, notBefore floor: Date?) async throws -> Pruned
    /// When retention removed a job's artifacts and logs, by kind.
    /// - Parameter id: the job's id.
    func expirations(id: Int64) async throws -> [RetentionKind: Date]
    /// The bytes of artifacts and logs stored now.
    func storedBytes() async throws -> StoredBytes
}

extension RetentionKind {
    /// The statuses of jobs that ended, for SQL (`'success', 'failed', …`).
    static let finalStatuses = JobStatus.allCases.filter(\.isFinal).map { "'\($0.rawValue)'" }
        .joined(separator: ", ")

    /// The SQL selecting the ids of ended jobs (oldest first) that still have what this kind removes and
    /// ended before the parameter `cutoff` (and, given `floor`, not before that parameter); both stores'.
    func expiredJobs(cutoff: String, floor: String?) -> String {
        let held =
            switch self {
            case .jobs: ""
            case .artifacts: " AND EXISTS (SELECT 1 FROM artifacts a WHERE a.job_id = j.id)"
            case .logs: " AND EXISTS (SELECT 1 FROM log_chunks c WHERE c.job_id = j.id)"
            }
        let since = floor.map { " AND j.updated_at >= \($0)" } ?? ""
        return """
            SELECT j.id FROM jobs j WHERE j.status IN (\(Self.finalStatuses)) AND j.updated_at < \(cutoff)\(since)\(held)
            ORDER BY j.id
            """
    }

    /// Whether removing this kind removes artifacts, and logs.
    var removesArtifacts: Bool { self != .logs }
    var removesLogs: Bool { self != .artifacts }
}
