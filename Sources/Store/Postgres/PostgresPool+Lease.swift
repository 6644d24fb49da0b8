import HckCore
import Logging
import Manifest
import PostgresNIO
import Wire

/// A connection lease with a time limit: PostgresNIO's pool keeps a request queued while its
/// connection attempts fail (up to a minute, until its circuit breaker opens), and has no option to
/// wait less.
extension PostgresPool {
    /// Runs `body` on a connection of `client`, or fails `unreachable` when none came within `wait`.
    /// Exactly one of the two happens: a connection that comes after the wait ended is given back unused.
    /// - Parameters:
    ///   - client: the pooled client.
    ///   - wait: the longest wait for a connection.
    ///   - address: the database, for the error.
    ///   - doing: what the store was doing, for the error.
    ///   - logger: where a connection closed for a stuck query is reported.
    ///   - body: the work; see ``watched(_:doing:address:logger:_:)`` for when it is given up.
    static func lease<T: Sendable>(
        from client: PostgresClient,
        within wait: Duration,
        address: PostgresAddress,
        doing: String,
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let race = LeaseRace()
        let timedOut = StoreError.unreachable(
            address,
            doing: doing,
            "no connection within \(wait.secondsText) (every connection busy, or the server does not answer)"
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    guard await race.win() else { throw timedOut }
                    return try await watched(connection, doing: doing, address: address, logger: logger, body)
                }
            }
            group.addTask {
                try await Task.sleep(for: wait)
                return nil
            }
            while let outcome = try await group.next() {
                if let value = outcome {
                    group.cancelAll()
                    return value
                }
                if await race.win() {
                    group.cancelAll()
                    throw timedOut
                }
            }
            throw timedOut
        }
    }
}

/// Decides between a connection that arrives and the wait that ends: whichever side calls ``win()``
/// first wins (the work runs, or the caller hears `unreachable`), never both.
private actor LeaseRace {
    private var decided = false

    /// True for the first caller only.
    func win() -> Bool {
        defer { decided = true }
        return !decided
    }
}
