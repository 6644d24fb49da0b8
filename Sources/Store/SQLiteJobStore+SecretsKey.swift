public import Foundation
import GRDB
import HckCore
import Wire

extension SQLiteJobStore {
    /// See ``SecretStore/secretsKeyFingerprint()``.
    public func secretsKeyFingerprint() async throws -> String? {
        try await pool.read { db in try String.fetchOne(db, sql: "SELECT fingerprint FROM secrets_key WHERE id = 1") }
    }

    /// See ``SecretStore/recordSecretsKey(fingerprint:now:)``.
    public func recordSecretsKey(fingerprint: String, now: Date) async throws -> String {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO secrets_key (id, fingerprint, recorded_at) VALUES (1, ?, ?) ON CONFLICT(id) DO NOTHING",
                arguments: [fingerprint, now.timeIntervalSince1970]
            )
            return try String.fetchOne(db, sql: "SELECT fingerprint FROM secrets_key WHERE id = 1") ?? fingerprint
        }
    }

    /// See ``SecretStore/anySealedSecret()``.
    public func anySealedSecret() async throws -> Data? {
        try await pool.read { db in try Data.fetchOne(db, sql: Self.anySealedValue) }
    }

    /// See ``SecretStore/resealSecrets(from:to:now:_:)``.
    public func resealSecrets(
        from oldFingerprint: String,
        to newFingerprint: String,
        now: Date,
        _ reseal: @escaping @Sendable (Data) throws -> Data
    ) async throws -> Int {
        try await pool.write { db in
            let recorded = try String.fetchOne(db, sql: "SELECT fingerprint FROM secrets_key WHERE id = 1")
            try Self.checkRecorded(recorded, is: oldFingerprint)
            let rows = try Row.fetchAll(db, sql: "SELECT id, sealed FROM secrets")
            for row in rows {
                let id: String = row["id"]
                try db.execute(
                    sql: "UPDATE secrets SET sealed = ? WHERE id = ?",
                    arguments: [try reseal(row["sealed"]), id]
                )
            }
            let repositories = try Self.resealRepositories(db, reseal)
            try db.execute(
                sql: """
                    INSERT INTO secrets_key (id, fingerprint, recorded_at) VALUES (1, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, recorded_at = excluded.recorded_at
                    """,
                arguments: [newFingerprint, now.timeIntervalSince1970]
            )
            return rows.count + repositories
        }
    }

    /// Re-seals every repository's webhook secret and API token; returns how many values it re-sealed.
    private static func resealRepositories(_ db: Database, _ reseal: (Data) throws -> Data) throws -> Int {
        var count = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, sealed_secret, sealed_api_token FROM repositories") {
            let id: Int64 = row["id"]
            let secret = try reseal(row["sealed_secret"])
            let token = try (row["sealed_api_token"] as Data?).map(reseal)
            try db.execute(
                sql: "UPDATE repositories SET sealed_secret = ?, sealed_api_token = ? WHERE id = ?",
                arguments: [secret, token, id]
            )
            count += token == nil ? 1 : 2
        }
        return count
    }
}
