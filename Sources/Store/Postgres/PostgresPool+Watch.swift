import HckCore
import Logging
import Manifest
import NIOCore
import PostgresNIO
import Synchronization
import Wire

/// Work on a connection that is given up when the connection is gone or its task was cancelled.
///
/// PostgresNIO (1.33) can leave a query waiting for ever: a query written to a connection whose channel
/// has just closed (the server stopped, the network failed) is never answered nor failed, and a query
/// cannot be cancelled. A store query that waits like that holds its task (the lease reaper, a request),
/// its leased connection and so the pool's shutdown: once, a stopping server hung on it after a
/// PostgreSQL outage. So the work runs in a task of its own, which the caller stops waiting for when:
/// - the connection has closed (checked every ``watchInterval``): the work fails `unreachable`;
/// - the caller's task was cancelled ``cancelledQueryGrace`` ago and the work still runs: the
///   connection is closed (PostgreSQL ends the query and rolls its transaction back), then as above.
/// Work that ends in time is not disturbed; a task left waiting on a dead connection is left behind.
extension PostgresPool {
    /// How long work may run on after its task was cancelled before its connection is closed.
    static let cancelledQueryGrace = Duration.seconds(5)
    /// How often running work's connection is looked at.
    static let watchInterval = Duration.seconds(1)

    /// Runs `body` on `connection`, watched as the extension's comment says.
    /// - Parameters:
    ///   - connection: the leased connection.
    ///   - doing: what the store was doing, for the error and the log.
    ///   - address: the database, for the error.
    ///   - logger: where a connection closed for cancelled work is reported.
    ///   - body: the work.
    static func watched<T: Sendable>(
        _ connection: PostgresConnection,
        doing: String,
        address: PostgresAddress,
        logger: Logger,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let outcome = WorkOutcome<T>()
        // Unstructured on purpose: a structured task could not be left behind, waiting on a dead connection.
        let work = Task {
            do {
                outcome.settle(.success(try await body(connection)))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let gone = StoreError(
            .unreachable,
            "cannot reach PostgreSQL at \(address.host):\(address.port) (database \(address.database)) while "
                + "\(doing): the connection closed while the query waited"
        )
        watch(connection, outcome: outcome, gone: gone, doing: doing, logger: logger)
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            work.cancel()
            outcome.markCancelled()
        }
    }

    /// Looks at the connection every ``watchInterval`` until the work is settled.
    private static func watch<T: Sendable>(
        _ connection: PostgresConnection,
        outcome: WorkOutcome<T>,
        gone: StoreError,
        doing: String,
        logger: Logger
    ) {
        connection.eventLoop.scheduleTask(in: TimeAmount(watchInterval)) {
            guard !outcome.isSettled else { return }
            if connection.isClosed {
                outcome.settle(.failure(gone))
                return
            }
            if let cancelled = outcome.cancelledAt, ContinuousClock.now - cancelled >= cancelledQueryGrace {
                logger.warning(
                    "a query still ran \(cancelledQueryGrace.secondsText) after it was cancelled (while \(doing)): its connection is closed"
                )
                connection.close().whenComplete { _ in }
            }
            watch(connection, outcome: outcome, gone: gone, doing: doing, logger: logger)
        }
    }
}

/// The result of watched work, settled once (by the work, or by the watch giving it up), and the one
/// caller waiting for it.
private final class WorkOutcome<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
        var cancelledAt: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// Whether the result is known.
    var isSettled: Bool { state.withLock { $0.result != nil } }

    /// When the caller's task was cancelled, if it was.
    var cancelledAt: ContinuousClock.Instant? { state.withLock { $0.cancelledAt } }

    /// Records that the caller's task was cancelled (the first time only).
    func markCancelled() {
        state.withLock { if $0.cancelledAt == nil { $0.cancelledAt = .now } }
    }

    /// Settles the outcome, unless it was settled before; resumes the waiter.
    func settle(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    /// Waits for the outcome.
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let settled = state.withLock { state -> Result<T, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}
