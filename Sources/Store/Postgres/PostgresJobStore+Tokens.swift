public import Foundation
import HckCore
import Logging
import PostgresNIO
import Wire

/// Revocation moves a token's row from `tokens` to `revoked_tokens` in one statement: the live table
/// holds only tokens that authenticate (browser sessions go with theirs), the other remembers whose
/// it was and why, for the 401.
extension PostgresJobStore {
    /// See ``JobStore/addJobToken(id:tokenHash:)``.
    public func addJobToken(id: Int64, tokenHash: String) async throws -> Bool {
        try await write("adding job \(id)'s token") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO tokens (hash, user_id, job_id)
                SELECT \(tokenHash), users.id, jobs.id FROM jobs JOIN users ON users.name = jobs.owner
                WHERE jobs.id = \(id) AND jobs.status = 'running'
                RETURNING 1
                """,
                logger: logger
            ).values(Int.self).count == 1
        }
    }

    /// See ``JobStore/revokeToken(hash:reason:now:)``.
    public func revokeToken(hash: String, reason: String, now: Date) async throws -> String? {
        try await write("revoking a token") { [logger] connection in
            try await Self.revoke(connection, where: "hash", hash, reason: reason, now: now, logger: logger).first
        }
    }

    /// See ``JobStore/revokeTokens(userName:reason:now:)``.
    public func revokeTokens(userName: String, reason: String, now: Date) async throws -> Int {
        try await write("revoking the tokens of '\(userName)'") { [logger] connection in
            guard
                let id = try await connection.query("SELECT id FROM users WHERE name = \(userName)", logger: logger)
                    .values(Int64.self).first
            else { throw StoreError(.notFound, "no user or runner named '\(userName)'") }
            return try await Self.revoke(connection, where: "user_id", id, reason: reason, now: now, logger: logger)
                .count
        }
    }

    /// See ``JobStore/revokedToken(hash:)``.
    public func revokedToken(hash: String) async throws -> RevokedToken? {
        try await read("looking up a revoked token") { [logger] connection in
            try await connection.query("SELECT * FROM revoked_tokens WHERE hash = \(hash)", logger: logger).records()
                .first.map {
                    RevokedToken(
                        userName: try $0.value("user_name"),
                        reason: try $0.value("reason"),
                        revokedAt: Date(timeIntervalSince1970: try $0.value("revoked_at"))
                    )
                }
        }
    }

    /// Revokes a job's tokens: called whenever the job stops running (ended or queued again).
    static func revokeJobTokens(_ connection: PostgresConnection, id: Int64, now: Date, logger: Logger) async throws {
        let reason = "a job's OAUTH2_TOKEN lives only while job \(id) runs"
        try await revoke(connection, where: "job_id", id, reason: reason, now: now, logger: logger)
    }

    /// Moves the tokens whose `column` equals `value` to `revoked_tokens`; returns their users' names.
    @discardableResult
    private static func revoke<Value: PostgresDynamicTypeEncodable>(
        _ connection: PostgresConnection,
        where column: String,
        _ value: Value,
        reason: String,
        now: Date,
        logger: Logger
    ) async throws -> [String] {
        try await connection.query(
            """
            WITH gone AS (DELETE FROM tokens WHERE \(unescaped: column) = \(value) RETURNING hash, user_id)
            INSERT INTO revoked_tokens (hash, user_name, reason, revoked_at)
            SELECT gone.hash, users.name, \(reason), \(now.timeIntervalSince1970)
            FROM gone JOIN users ON users.id = gone.user_id
            ON CONFLICT (hash) DO UPDATE SET user_name = excluded.user_name, reason = excluded.reason,
                revoked_at = excluded.revoked_at
            RETURNING user_name
            """,
            logger: logger
        ).values(String.self)
    }
}
