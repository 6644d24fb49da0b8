import Foundation
import HckCore
public import Logging
import PostgresNIO
public import ServiceLifecycle
import Wire

/// The job store in a PostgreSQL database, for servers that share one database (scale-out).
///
/// Every method is one transaction. A claim takes the oldest fitting queued job with
/// `FOR UPDATE SKIP LOCKED`, so servers claiming at once each get a different job and none waits
/// for another; the other writes lock the rows they change. Queries go through a PostgresNIO
/// connection pool (``PostgresPool``), which works only while ``run()`` runs (the store is a `Service`,
/// run in the server's `ServiceGroup`). ``open(_:firstJobID:logger:)`` migrates the schema before that,
/// on a connection of its own, so a server that cannot reach the database fails at start, saying why.
/// Once running, an outage of the database fails queries `unreachable` within seconds, and they work
/// again a second or so after the database is back.
public final class PostgresJobStore: JobStore, Service, CustomStringConvertible {
    /// How the service is named in the log: its connection pool, where.
    public var description: String { "PostgreSQL pool (\(address))" }

    /// Where the database is.
    public let address: PostgresAddress
    let pool: PostgresPool
    let logger: Logger

    /// Creates a store on an already migrated database; queries wait until ``run()`` runs.
    /// Use ``open(_:firstJobID:logger:)`` to migrate first.
    /// - Parameters:
    ///   - address: the database.
    ///   - logger: where the connection pool logs (and an outage of the database is reported).
    public init(address: PostgresAddress, logger: Logger) {
        self.address = address
        self.logger = logger
        pool = PostgresPool(address: address, logger: logger)
    }

    /// Connects once to migrate the database to the current schema (and move the job ids' start when
    /// `firstJobID` says so), then returns a store whose ``run()`` must run for its queries to be served.
    /// - Parameters:
    ///   - address: the database.
    ///   - firstJobID: the smallest id a new job may get (see ``startJobIDs(at:)``), or nil.
    ///   - logger: where the connection pool logs.
    public static func open(_ address: PostgresAddress, firstJobID: Int64? = nil, logger: Logger) async throws
        -> PostgresJobStore
    {
        let connection = try await connect(to: address, logger: logger)
        do {
            try await migrate(connection, address: address, logger: logger)
            if let firstJobID {
                try await startJobIDs(at: firstJobID, on: connection, address: address, logger: logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return PostgresJobStore(address: address, logger: logger)
    }

    /// Runs the connection pool until the task is cancelled or the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.pool.run() }
    }

    /// Runs `body` while the connection pool runs, then stops the pool (for one-shot uses such as
    /// `hck admin`, which have no service group).
    /// - Parameter body: the work that uses the store.
    public func whileRunning<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await self.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Opens one connection outside the pool; the error names the server and the cause.
    static func connect(to address: PostgresAddress, logger: Logger) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(
                configuration: try address.connectionConfiguration(),
                id: 0,
                logger: logger
            )
        } catch {
            throw StoreError.postgres(error, address: address, doing: "connecting")
        }
    }
}

extension PostgresJobStore {
    /// Runs `body` in one read-write transaction on a pooled connection; errors become ``StoreError``s.
    func write<T: Sendable>(
        _ doing: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await pool.withConnection(doing) { [logger] connection in
            try await connection.withTransaction(logger: logger) { try await body($0) }
        }
    }

    /// Runs `body` in one read-only transaction that sees one snapshot (like SQLite's readers).
    func read<T: Sendable>(
        _ doing: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await write(doing) { [logger] connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await body(connection)
        }
    }
}
