public import Foundation
import HckCore
import PostgresNIO
import Wire

extension PostgresJobStore: WebSessionStore {
    /// See ``WebSessionStore/openWebSession(idHash:tokenHash:expiresAt:now:)``.
    public func openWebSession(idHash: String, tokenHash: String, expiresAt: Date, now: Date) async throws {
        try await write("opening a web session") { [logger] connection in
            try await connection.query(
                "DELETE FROM web_sessions WHERE expires_at <= \(now.timeIntervalSince1970)",
                logger: logger
            )
            try await connection.query(
                """
                INSERT INTO web_sessions (id_hash, token_hash, expires_at)
                VALUES (\(idHash), \(tokenHash), \(expiresAt.timeIntervalSince1970))
                """,
                logger: logger
            )
        }
    }

    /// See ``WebSessionStore/webSession(idHash:now:)``.
    public func webSession(idHash: String, now: Date) async throws -> WebSessionRecord? {
        try await read("reading a web session") { [logger] connection in
            try await connection.query(
                """
                SELECT u.name, s.expires_at FROM web_sessions s
                JOIN tokens t ON t.hash = s.token_hash JOIN users u ON u.id = t.user_id
                WHERE s.id_hash = \(idHash) AND s.expires_at > \(now.timeIntervalSince1970)
                """,
                logger: logger
            ).records().first.map {
                WebSessionRecord(
                    user: try $0.value("name"),
                    expiresAt: Date(timeIntervalSince1970: try $0.value("expires_at"))
                )
            }
        }
    }

    /// See ``WebSessionStore/renewWebSession(idHash:expiresAt:)``.
    public func renewWebSession(idHash: String, expiresAt: Date) async throws {
        try await write("renewing a web session") { [logger] connection in
            try await connection.query(
                "UPDATE web_sessions SET expires_at = \(expiresAt.timeIntervalSince1970) WHERE id_hash = \(idHash)",
                logger: logger
            )
        }
    }

    /// See ``WebSessionStore/closeWebSession(idHash:)``.
    public func closeWebSession(idHash: String) async throws {
        try await write("closing a web session") { [logger] connection in
            try await connection.query("DELETE FROM web_sessions WHERE id_hash = \(idHash)", logger: logger)
        }
    }
}
