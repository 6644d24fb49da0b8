public import Foundation
import GRDB
import HckCore
import Wire

/// Revocation moves a token's row from `tokens` to `revoked_tokens`: the live table holds only tokens
/// that authenticate (rows that reference a token, such as browser sessions, go with it), and the
/// other remembers whose it was and why, for the 401.
extension SQLiteJobStore {
    /// See ``JobStore/addJobToken(id:tokenHash:)``.
    public func addJobToken(id: Int64, tokenHash: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tokens (hash, user_id, job_id)
                    SELECT ?, users.id, jobs.id FROM jobs JOIN users ON users.name = jobs.owner
                    WHERE jobs.id = ? AND jobs.status = 'running'
                    """,
                arguments: [tokenHash, id]
            )
            return db.changesCount == 1
        }
    }

    /// See ``JobStore/revokeToken(hash:reason:now:)``.
    public func revokeToken(hash: String, reason: String, now: Date) async throws -> String? {
        try await pool.write { db in
            let owner = try String.fetchOne(
                db,
                sql: "SELECT users.name FROM tokens JOIN users ON users.id = tokens.user_id WHERE tokens.hash = ?",
                arguments: [hash]
            )
            guard let owner else { return nil }
            try Self.revoke(db, where: "tokens.hash = ?", [hash], reason: reason, now: now)
            return owner
        }
    }

    /// See ``JobStore/revokeTokens(userName:reason:now:)``.
    public func revokeTokens(userName: String, reason: String, now: Date) async throws -> Int {
        try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE name = ?", arguments: [userName])
            else {
                throw StoreError(.notFound, "no user or runner named '\(userName)'")
            }
            return try Self.revoke(db, where: "tokens.user_id = ?", [id], reason: reason, now: now)
        }
    }

    /// See ``JobStore/revokedToken(hash:)``.
    public func revokedToken(hash: String) async throws -> RevokedToken? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM revoked_tokens WHERE hash = ?", arguments: [hash]).map {
                RevokedToken(
                    userName: $0["user_name"],
                    reason: $0["reason"],
                    revokedAt: Date(timeIntervalSince1970: $0["revoked_at"])
                )
            }
        }
    }

    /// Revokes a job's tokens: called whenever the job stops running (ended or queued again).
    static func revokeJobTokens(_ db: Database, id: Int64, now: Date) throws {
        try revoke(
            db,
            where: "tokens.job_id = ?",
            [id],
            reason: "a job's OAUTH2_TOKEN lives only while job \(id) runs",
            now: now
        )
    }

    /// Moves the tokens matching `condition` to `revoked_tokens`; returns how many.
    @discardableResult
    private static func revoke(
        _ db: Database,
        where condition: String,
        _ arguments: StatementArguments,
        reason: String,
        now: Date
    ) throws -> Int {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO revoked_tokens (hash, user_name, reason, revoked_at)
                SELECT tokens.hash, users.name, ?, ? FROM tokens JOIN users ON users.id = tokens.user_id
                WHERE \(condition)
                """,
            arguments: [reason, now.timeIntervalSince1970] + arguments
        )
        try db.execute(sql: "DELETE FROM tokens WHERE \(condition)", arguments: arguments)
        return db.changesCount
    }
}
