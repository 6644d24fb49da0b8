public import Foundation
import GRDB
import Manifest
import Wire

/// Retention in SQLite: one server owns the file, so no lock is needed; each batch is one short write
/// transaction (GRDB's single writer serves the API's writes between batches). Artifacts' files are
/// removed after the transaction that dropped their records.
extension SQLiteJobStore {
    /// See ``RetentionStore/prune(_:endedBefore:limit:now:)``.
    public func prune(_ kind: RetentionKind, endedBefore cutoff: Date, limit: Int, now: Date) async throws -> Pruned? {
        let (pruned, ids) = try await pool.write { db -> (Pruned, [Int64]) in
            let ids = try Int64.fetchAll(
                db,
                sql: kind.expiredJobs(cutoff: "?", floor: nil) + " LIMIT ?",
                arguments: [cutoff.timeIntervalSince1970, limit]
            )
            guard !ids.isEmpty else { return (Pruned(), []) }
            let bytes = try Self.bytes(db, of: ids, kind)
            let list = Self.list(ids)
            switch kind {
            case .jobs: try db.execute(sql: "DELETE FROM jobs WHERE id IN (\(list))")
            case .artifacts: try db.execute(sql: "DELETE FROM artifacts WHERE job_id IN (\(list))")
            case .logs: try db.execute(sql: "DELETE FROM log_chunks WHERE job_id IN (\(list))")
            }
            if kind != .jobs {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO expirations (job_id, kind, expired_at)
                        SELECT id, ?, ? FROM jobs WHERE id IN (\(list))
                        """,
                    arguments: [kind.rawValue, now.timeIntervalSince1970]
                )
            }
            return (Pruned(jobs: ids.count, bytes: bytes), ids)
        }
        if kind.removesArtifacts {
            for id in ids { try? FileManager.default.removeItem(atPath: "\(artifactsDirectory)/\(id)") }
        }
        return pruned
    }

    /// See ``RetentionStore/prunable(_:endedBefore:notBefore:)``.
    public func prunable(_ kind: RetentionKind, endedBefore cutoff: Date, notBefore floor: Date?) async throws
        -> Pruned
    {
        try await pool.read { db in
            var arguments: StatementArguments = [cutoff.timeIntervalSince1970]
            if let floor { arguments += [floor.timeIntervalSince1970] }
            let ids = try Int64.fetchAll(
                db,
                sql: kind.expiredJobs(cutoff: "?", floor: floor == nil ? nil : "?"),
                arguments: arguments
            )
            return Pruned(jobs: ids.count, bytes: try Self.bytes(db, of: ids, kind))
        }
    }

    /// See ``RetentionStore/expirations(id:)``.
    public func expirations(id: Int64) async throws -> [RetentionKind: Date] {
        try await pool.read { db in
            var found: [RetentionKind: Date] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT kind, expired_at FROM expirations WHERE job_id = ?",
                arguments: [id]
            )
            for row in rows {
                if let kind = RetentionKind(rawValue: row["kind"]) {
                    found[kind] = Date(timeIntervalSince1970: row["expired_at"])
                }
            }
            return found
        }
    }

    /// See ``RetentionStore/storedBytes()``.
    public func storedBytes() async throws -> StoredBytes {
        try await pool.read { db in
            StoredBytes(
                artifacts: try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM artifacts") ?? 0,
                logs: try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM log_chunks") ?? 0
            )
        }
    }

    /// Job ids for `IN (…)` (integers, so nothing to quote).
    private static func list(_ ids: [Int64]) -> String {
        ids.map(String.init).joined(separator: ", ")
    }

    /// The bytes of artifacts and logs that removing `kind` of jobs `ids` removes.
    private static func bytes(_ db: Database, of ids: [Int64], _ kind: RetentionKind) throws -> Int64 {
        guard !ids.isEmpty else { return 0 }
        let list = Self.list(ids)
        var total: Int64 = 0
        if kind.removesArtifacts {
            total +=
                try Int64.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM artifacts WHERE job_id IN (\(list))")
                ?? 0
        }
        if kind.removesLogs {
            total +=
                try Int64.fetchOne(
                    db,
                    sql: "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM log_chunks WHERE job_id IN (\(list))"
                ) ?? 0
        }
        return total
    }
}
