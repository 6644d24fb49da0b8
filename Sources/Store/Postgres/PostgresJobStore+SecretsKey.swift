public import Foundation
import HckCore
import PostgresNIO
import Wire

extension PostgresJobStore {
    /// See ``SecretStore/secretsKeyFingerprint()``.
    public func secretsKeyFingerprint() async throws -> String? {
        try await read("reading the secrets key's fingerprint") { [logger] connection in
            try await Self.recordedFingerprint(connection, logger: logger)
        }
    }

    /// The fingerprint recorded, if any; `locking` its row until the transaction ends.
    private static func recordedFingerprint(
        _ connection: PostgresConnection,
        locking: Bool = false,
        logger: Logger
    ) async throws -> String? {
        let query: PostgresQuery =
            locking
            ? "SELECT fingerprint FROM secrets_key WHERE id = 1 FOR UPDATE"
            : "SELECT fingerprint FROM secrets_key WHERE id = 1"
        return try await connection.query(query, logger: logger).values(String.self).first
    }

    /// Records `fingerprint` unless one is recorded already (the first server's insert wins).
    private static func recordFingerprintIfNone(
        _ fingerprint: String,
        now: Date,
        _ connection: PostgresConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO secrets_key (id, fingerprint, recorded_at)
            VALUES (1, \(fingerprint), \(now.timeIntervalSince1970))
            ON CONFLICT (id) DO NOTHING
            """,
            logger: logger
        )
    }

    /// See ``SecretStore/recordSecretsKey(fingerprint:now:)``: servers starting together agree on the
    /// first one's key, whichever wins the insert.
    public func recordSecretsKey(fingerprint: String, now: Date) async throws -> String {
        try await write("recording the secrets key's fingerprint") { [logger] connection in
            try await Self.recordFingerprintIfNone(fingerprint, now: now, connection, logger: logger)
            return try await Self.recordedFingerprint(connection, logger: logger) ?? fingerprint
        }
    }

    /// See ``SecretStore/anySealedSecret()``.
    public func anySealedSecret() async throws -> Data? {
        try await read("reading a sealed secret") { [logger] connection in
            try await connection.query(PostgresQuery(unsafeSQL: Self.anySealedValue), logger: logger)
                .values(Data?.self).first ?? nil
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
            try await Self.recordFingerprintIfNone(oldFingerprint, now: now, connection, logger: logger)
            let recorded = try await Self.recordedFingerprint(connection, locking: true, logger: logger)
            try Self.checkRecorded(recorded, is: oldFingerprint)
            let rows = try await connection.query("SELECT id, sealed FROM secrets FOR UPDATE", logger: logger)
                .records()
            for row in rows {
                let id: String = try row.value("id")
                let resealed = try reseal(try row.value("sealed"))
                try await connection.query("UPDATE secrets SET sealed = \(resealed) WHERE id = \(id)", logger: logger)
            }
            let repositories = try await Self.resealRepositories(connection, reseal, logger: logger)
            try await connection.query(
                """
                UPDATE secrets_key SET fingerprint = \(newFingerprint), recorded_at = \(now.timeIntervalSince1970)
                WHERE id = 1
                """,
                logger: logger
            )
            return rows.count + repositories
        }
    }

    /// Re-seals every repository's webhook secret and API token; returns how many values it re-sealed.
    private static func resealRepositories(
        _ connection: PostgresConnection,
        _ reseal: (Data) throws -> Data,
        logger: Logger
    ) async throws -> Int {
        let rows = try await connection.query(
            "SELECT id, sealed_secret, sealed_api_token FROM repositories FOR UPDATE",
            logger: logger
        ).records()
        var count = 0
        for row in rows {
            let id: Int64 = try row.value("id")
            let secret = try reseal(try row.value("sealed_secret"))
            let token = try row.value("sealed_api_token", as: Data?.self).map(reseal)
            try await connection.query(
                "UPDATE repositories SET sealed_secret = \(secret), sealed_api_token = \(token) WHERE id = \(id)",
                logger: logger
            )
            count += token == nil ? 1 : 2
        }
        return count
    }
}
