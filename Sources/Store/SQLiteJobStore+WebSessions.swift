public import Foundation
import GRDB
import Wire

extension SQLiteJobStore: WebSessionStore {
    /// The `web_sessions` table, created with the other page tables by ``prepareJobPages()``.
    static let webSessionSchema = """
        CREATE TABLE IF NOT EXISTS web_sessions (
            id_hash TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL REFERENCES tokens(hash) ON DELETE CASCADE,
            expires_at REAL NOT NULL
        );
        CREATE INDEX IF NOT EXISTS web_sessions_by_expiry ON web_sessions(expires_at);
        CREATE INDEX IF NOT EXISTS web_sessions_by_token ON web_sessions(token_hash);
        """

    /// See ``WebSessionStore/openWebSession(idHash:tokenHash:expiresAt:now:)``.
    public func openWebSession(idHash: String, tokenHash: String, expiresAt: Date, now: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM web_sessions WHERE expires_at <= ?",
                arguments: [now.timeIntervalSince1970]
            )
            try db.execute(
                sql: "INSERT INTO web_sessions (id_hash, token_hash, expires_at) VALUES (?, ?, ?)",
                arguments: [idHash, tokenHash, expiresAt.timeIntervalSince1970]
            )
        }
    }

    /// See ``WebSessionStore/webSession(idHash:now:)``.
    public func webSession(idHash: String, now: Date) async throws -> WebSessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT u.name, s.expires_at FROM web_sessions s
                    JOIN tokens t ON t.hash = s.token_hash JOIN users u ON u.id = t.user_id
                    WHERE s.id_hash = ? AND s.expires_at > ?
                    """,
                arguments: [idHash, now.timeIntervalSince1970]
            ).map { WebSessionRecord(user: $0["name"], expiresAt: Date(timeIntervalSince1970: $0["expires_at"])) }
        }
    }

    /// See ``WebSessionStore/renewWebSession(idHash:expiresAt:)``.
    public func renewWebSession(idHash: String, expiresAt: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE web_sessions SET expires_at = ? WHERE id_hash = ?",
                arguments: [expiresAt.timeIntervalSince1970, idHash]
            )
        }
    }

    /// See ``WebSessionStore/closeWebSession(idHash:)``.
    public func closeWebSession(idHash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE id_hash = ?", arguments: [idHash])
        }
    }
}
