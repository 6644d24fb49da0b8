public import Foundation
import HckCore
import PostgresNIO
import Wire

extension PostgresJobStore {
    /// See ``SecretStore/secretsKeyFingerprint()``.
    public func secretsKeyFingerprint() async throws -> String? {
        try await read("reading the secrets key's fingerprint") { [logger] connection in
            try await connection.query("SELECT fingerprint FROM secrets_key WHERE id = 1", logger: logger)
                .values(String.self).first
        }
    }

    /// See ``SecretStore/recordSecretsKey(fingerprint:now:)``: servers starting together agree on the
    /// first one's key, whichever wins the insert.
    public func recordSecretsKey(fingerprint: String, now: Date) async throws -> String {
        try await write("recording the secrets key's fingerprint") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO secrets_key (id, fingerprint, recorded_at)
                VALUES (1, \(fingerprint), \(now.timeIntervalSince1970))
                ON CONFLICT (id) DO NOTHING
                """,
                logger: logger
            )
            return try await connection.query("SELECT fingerprint FROM secrets_key WHERE id = 1", logger: logger)
                .values(String.self).first ?? fingerprint
        }
    }

    /// See ``SecretStore/anySealedSecret()``.
    public func anySealedSecret() async throws -> Data? {
        try await read("reading a sealed secret") { [logger] connection in
            try await connection.query("SELECT sealed FROM secrets LIMIT 1", logger: logger).values(Data.self).first
        }
    }

    /// See ``SecretStore/resealSecrets(from:to:now:_:)``: the fingerprint's row is locked first, so two
    /// rotations at once run one after the other, and the second finds the key changed.
    public func resealSecrets(
        from oldFingerprint: String,
        to newFingerprint: String,
        now: Date,
        _ reseal: @escaping @Sendable (Data) throws -> Data
    ) async throws -> Int {
        try await write("re-sealing the secrets under a new key") { [logger] connection in
            try await connection.query(
                """
                INSERT INTO secrets_key (id, fingerprint, recorded_at)
                VALUES (1, \(oldFingerprint), \(now.timeIntervalSince1970))
                ON CONFLICT (id) DO NOTHING
                """,
                logger: logger
            )
            let recorded = try await connection.query(
                "SELECT fingerprint FROM secrets_key WHERE id = 1 FOR UPDATE",
                logger: logger
            ).values(String.self).first
            try Self.checkRecorded(recorded, is: oldFingerprint)
            let rows = try await connection.query("SELECT id, sealed FROM secrets FOR UPDATE", logger: logger)
                .records()
            for row in rows {
                let id: String = try row.value("id")
                let resealed = try reseal(try row.value("sealed"))
                try await connection.query("UPDATE secrets SET sealed = \(resealed) WHERE id = \(id)", logger: logger)
            }
            try await connection.query(
                """
                UPDATE secrets_key SET fingerprint = \(newFingerprint), recorded_at = \(now.timeIntervalSince1970)
                WHERE id = 1
                """,
                logger: logger
            )
            return rows.count
        }
    }
}
