public import Foundation
import HckCore
import Logging
import PostgresNIO
import Wire

/// Retention in PostgreSQL: each batch is one short transaction that first takes the pruning advisory
/// lock without waiting (``pruneLock``), so of the servers sharing the database one prunes at a time
/// and the others skip their turn. Removing a job's artifacts removes their blobs and chunks; uploads
/// that never finished (blobs no record points at, a day old) go with the artifacts' batches.
extension PostgresJobStore {
    /// The key of the advisory lock a pruning batch holds (any constant no other program uses).
    public static let pruneLock: Int64 = 0x6863_6b5f_7072_756e

    /// Migration 5: when retention removed a job's artifacts or logs, and the indexes pruning reads by.
    static let expirationsSchema = [
        """
        CREATE TABLE expirations (
            job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            expired_at DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (job_id, kind)
        )
        """,
        "CREATE INDEX jobs_by_update ON jobs (updated_at)",
        "CREATE INDEX artifact_blobs_by_job ON artifact_blobs (job_id)",
        "CREATE INDEX artifacts_by_blob ON artifacts (blob_id)",
    ]

    /// See ``RetentionStore/prune(_:endedBefore:limit:now:)``.
    public func prune(_ kind: RetentionKind, endedBefore cutoff: Date, limit: Int, now: Date) async throws -> Pruned? {
        var binds = PostgresBindings()
        binds.append(cutoff.timeIntervalSince1970)
        binds.append(Int64(limit))
        let expired = PostgresQuery(unsafeSQL: kind.expiredJobs(cutoff: "$1", floor: nil) + " LIMIT $2", binds: binds)
        return try await write("pruning expired \(kind.rawValue)") { [logger] connection in
            let locked =
                try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.pruneLock))", logger: logger)
                .values(Bool.self).first ?? false
            guard locked else { return nil }
            if kind == .artifacts {
                let abandoned = now.timeIntervalSince1970 - 86_400
                try await connection.query(
                    """
                    DELETE FROM artifact_blobs WHERE id IN (
                        SELECT b.id FROM artifact_blobs b WHERE b.started_at < \(abandoned)
                        AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.blob_id = b.id) LIMIT \(Int64(limit))
                    )
                    """,
                    logger: logger
                )
            }
            let ids = try await connection.query(expired, logger: logger).values(Int64.self)
            guard !ids.isEmpty else { return Pruned() }
            let bytes = try await Self.bytes(connection, of: ids, kind, logger: logger)
            switch kind {
            case .jobs:
                try await connection.query("DELETE FROM jobs WHERE id = ANY(\(ids))", logger: logger)
            case .artifacts:
                try await connection.query("DELETE FROM artifacts WHERE job_id = ANY(\(ids))", logger: logger)
                try await connection.query("DELETE FROM artifact_blobs WHERE job_id = ANY(\(ids))", logger: logger)
            case .logs:
                try await connection.query("DELETE FROM log_chunks WHERE job_id = ANY(\(ids))", logger: logger)
            }
            if kind != .jobs {
                try await connection.query(
                    """
                    INSERT INTO expirations (job_id, kind, expired_at)
                    SELECT id, \(kind.rawValue), \(now.timeIntervalSince1970) FROM unnest(\(ids)) AS id
                    ON CONFLICT (job_id, kind) DO UPDATE SET expired_at = excluded.expired_at
                    """,
                    logger: logger
                )
            }
            return Pruned(jobs: ids.count, bytes: bytes)
        }
    }

    /// See ``RetentionStore/prunable(_:endedBefore:notBefore:)``.
    public func prunable(_ kind: RetentionKind, endedBefore cutoff: Date, notBefore floor: Date?) async throws
        -> Pruned
    {
        var binds = PostgresBindings()
        binds.append(cutoff.timeIntervalSince1970)
        if let floor { binds.append(floor.timeIntervalSince1970) }
        let expired = PostgresQuery(
            unsafeSQL: kind.expiredJobs(cutoff: "$1", floor: floor == nil ? nil : "$2"),
            binds: binds
        )
        return try await read("finding expired \(kind.rawValue)") { [logger] connection in
            let ids = try await connection.query(expired, logger: logger).values(Int64.self)
            return Pruned(jobs: ids.count, bytes: try await Self.bytes(connection, of: ids, kind, logger: logger))
        }
    }

    /// See ``RetentionStore/expirations(id:)``.
    public func expirations(id: Int64) async throws -> [RetentionKind: Date] {
        try await read("reading job \(id)'s expirations") { [logger] connection in
            var found: [RetentionKind: Date] = [:]
            let rows = try await connection.query(
                "SELECT kind, expired_at FROM expirations WHERE job_id = \(id)",
                logger: logger
            ).decode((String, Double).self)
            for try await (kind, at) in rows {
                if let kind = RetentionKind(rawValue: kind) { found[kind] = Date(timeIntervalSince1970: at) }
            }
            return found
        }
    }

    /// See ``RetentionStore/storedBytes()``.
    public func storedBytes() async throws -> StoredBytes {
        try await read("measuring what is stored") { [logger] connection in
            let artifacts =
                try await connection.query("SELECT COALESCE(SUM(size), 0)::BIGINT FROM artifacts", logger: logger)
                .values(Int64.self).first ?? 0
            let logs =
                try await connection.query(
                    "SELECT COALESCE(SUM(octet_length(data)), 0)::BIGINT FROM log_chunks",
                    logger: logger
                ).values(Int64.self).first ?? 0
            return StoredBytes(artifacts: artifacts, logs: logs)
        }
    }

    /// The bytes of artifacts and logs that removing `kind` of jobs `ids` removes.
    private static func bytes(_ connection: PostgresConnection, of ids: [Int64], _ kind: RetentionKind, logger: Logger)
        async throws -> Int64
    {
        guard !ids.isEmpty else { return 0 }
        var total: Int64 = 0
        if kind.removesArtifacts {
            total +=
                try await connection.query(
                    "SELECT COALESCE(SUM(size), 0)::BIGINT FROM artifacts WHERE job_id = ANY(\(ids))",
                    logger: logger
                ).values(Int64.self).first ?? 0
        }
        if kind.removesLogs {
            total +=
                try await connection.query(
                    "SELECT COALESCE(SUM(octet_length(data)), 0)::BIGINT FROM log_chunks WHERE job_id = ANY(\(ids))",
                    logger: logger
                ).values(Int64.self).first ?? 0
        }
        return total
    }
}
