import Foundation
import HckCore
import Logging
import PostgresNIO
import Wire

/// The versioned schema. `schema_migrations` records each version applied; a start applies the
/// missing ones in one transaction, under an advisory lock so that servers starting together
/// migrate once. Never edit a released migration: add the next one.
extension PostgresJobStore {
    /// A schema version: its number, what it adds, and its statements (one each: PostgreSQL's
    /// extended protocol takes a single statement at a time).
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// Every migration, oldest first.
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            name: "jobs, queue, logs, users, tokens, secrets, triggers, keys, pages",
            statements: schemaV1
        ),
        Migration(
            version: 2,
            name: "schedules",
            statements: [
                """
                CREATE TABLE schedules (
                    id BIGSERIAL PRIMARY KEY,
                    owner TEXT NOT NULL,
                    name TEXT NOT NULL,
                    cron TEXT NOT NULL,
                    manifests TEXT NOT NULL,
                    tags TEXT NOT NULL,
                    note TEXT,
                    created_at DOUBLE PRECISION NOT NULL,
                    last_tick DOUBLE PRECISION,
                    UNIQUE (owner, name)
                )
                """
            ]
        ),
        Migration(
            version: 3,
            name: "the secrets key's fingerprint",
            statements: [
                """
                CREATE TABLE secrets_key (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    fingerprint TEXT NOT NULL,
                    recorded_at DOUBLE PRECISION NOT NULL
                )
                """
            ]
        ),
        Migration(version: 4, name: "artifacts' bytes, in chunks", statements: artifactChunksSchema),
        Migration(version: 5, name: "when retention removed a job's artifacts or logs", statements: expirationsSchema),
        Migration(version: 6, name: "registered repositories", statements: repositoriesSchema),
    ]

    /// The key of the advisory lock taken while migrating (any constant no other program uses).
    static let migrationLock: Int64 = 0x6863_6b5f_6d69_67

    /// Applies the migrations `connection`'s database lacks; idempotent. Fails when the database was
    /// migrated by a newer hck (a version this one does not know).
    static func migrate(_ connection: PostgresConnection, address: PostgresAddress, logger: Logger) async throws {
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                try await connection.query(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at DOUBLE PRECISION NOT NULL
                    )
                    """,
                    logger: logger
                )
                let applied = Set(
                    try await connection.query("SELECT version FROM schema_migrations", logger: logger).values(Int.self)
                )
                let known = migrations.map(\.version).max() ?? 0
                if let newest = applied.max(), newest > known {
                    throw StoreError(
                        .schema,
                        "the database \(address) has schema version \(newest), newer than this hck knows (\(known)): "
                            + "upgrade hck or use another database"
                    )
                }
                for migration in migrations where !applied.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO schema_migrations (version, name, applied_at)
                        VALUES (\(migration.version), \(migration.name), \(Date().timeIntervalSince1970))
                        """,
                        logger: logger
                    )
                    logger.info("migrated \(address) to schema version \(migration.version): \(migration.name)")
                }
            }
        } catch {
            throw StoreError.postgres(error, address: address, doing: "migrating the schema")
        }
    }

    /// The schema versions applied to the database, oldest first.
    public func schemaVersions() async throws -> [Int] {
        try await read("reading the schema versions") { [logger] connection in
            try await connection.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger)
                .values(Int.self)
        }
    }
}
