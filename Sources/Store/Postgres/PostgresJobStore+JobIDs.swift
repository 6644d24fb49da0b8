import HckCore
import Logging
import PostgresNIO
import Wire

extension PostgresJobStore {
    /// Makes the next new job's id at least `first` (it never goes down: ids already used stay used).
    /// Job ids name VMs (`hck-job-<id>`), which are global to a libvirt host: servers sharing a host
    /// but not a database give each a range of its own, e.g. `--first-job-id 100000`.
    /// - Parameter first: the smallest id the next job may get (1 or more).
    public func startJobIDs(at first: Int64) async throws {
        try await write("moving the job ids' start to \(first)") { [logger] connection in
            try await Self.startJobIDs(at: first, on: connection, logger: logger)
        }
    }

    static func startJobIDs(
        at first: Int64,
        on connection: PostgresConnection,
        address: PostgresAddress,
        logger: Logger
    )
        async throws
    {
        do {
            try await startJobIDs(at: first, on: connection, logger: logger)
        } catch {
            throw StoreError.postgres(error, address: address, doing: "moving the job ids' start to \(first)")
        }
    }

    /// Moves the `jobs.id` sequence up to `first - 1` when it is below; `setval` is not rolled back, and
    /// the comparison and the move are one statement, so two servers starting together agree.
    private static func startJobIDs(at first: Int64, on connection: PostgresConnection, logger: Logger) async throws {
        guard first > 1 else { return }
        try await connection.query(
            """
            SELECT setval(pg_get_serial_sequence('jobs', 'id'), \(first - 1))
            FROM jobs_id_seq WHERE (CASE WHEN is_called THEN last_value ELSE last_value - 1 END) < \(first - 1)
            """,
            logger: logger
        )
    }
}
