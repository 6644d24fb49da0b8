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
/// - the connection was found closed at two looks in a row, one every ``watchInterval`` (work that got
///   its answer just before the close settles between them): the work fails `unreachable`;
/// - the caller's task was cancelled ``cancelledQueryGrace`` ago and the work still runs: the
///   connection is closed (PostgreSQL ends the query and rolls its transaction back), then as above.
/// Work that ends in time is not disturbed. Work given up is cancelled; a task still waiting on the dead
/// connection after that is left behind (a PostgresNIO write that nothing completes).
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
        let watcher = Watcher(connection: connection, doing: doing, address: address, logger: logger, work: work)
        watcher.schedule(outcome)
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            work.cancel()
            outcome.markCancelled()
        }
    }
}

/// Looks at a connection every ``PostgresPool/watchInterval`` until its work is settled.
private struct Watcher: Sendable {
    let connection: PostgresConnection
    let doing: String
    let address: PostgresAddress
    let logger: Logger
    let work: Task<Void, Never>

    /// Schedules the next look.
    func schedule<T: Sendable>(_ outcome: WorkOutcome<T>) {
        connection.eventLoop.scheduleTask(in: TimeAmount(PostgresPool.watchInterval)) { look(outcome) }
    }

    /// Gives the work up when its connection was found closed at the look before this one (work that got
    /// its answer settles within microseconds, so a result that came just before the close is not lost),
    /// once the pool has heard of the close; closes the connection of work cancelled long enough ago.
    private func look<T: Sendable>(_ outcome: WorkOutcome<T>) {
        guard !outcome.isSettled else { return }
        if connection.isClosed {
            if outcome.noteClosed() {
                work.cancel()
                // The pool hears of the close through the same future, first: it does not lend the
                // connection again once the caller gives it back.
                connection.closeFuture.whenComplete { _ in
                    let gone = StoreError.unreachable(
                        address,
                        doing: doing,
                        "the connection closed while the query waited"
                    )
                    outcome.settle(.failure(gone))
                }
                return
            }
        } else if let cancelled = outcome.cancelledAt,
            ContinuousClock.now - cancelled >= PostgresPool.cancelledQueryGrace
        {
            logger.warning(
                "a query still ran \(PostgresPool.cancelledQueryGrace.secondsText) after it was cancelled (while \(doing)): its connection is closed"
            )
            connection.close().whenComplete { _ in }
        }
        schedule(outcome)
    }
}

/// The result of watched work, settled once (by the work, or by the watch giving it up), and the one
/// caller waiting for it.
private final class WorkOutcome<T: Sendable>: Sendable {
    private struct State {
        var settled = false
        /// A result that came before its caller waited.
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
        var cancelledAt: ContinuousClock.Instant?
        var closedSeen = false
    }

    private let state = Mutex(State())

    /// Whether the result is known.
    var isSettled: Bool { state.withLock { $0.settled } }

    /// When the caller's task was cancelled, if it was.
    var cancelledAt: ContinuousClock.Instant? { state.withLock { $0.cancelledAt } }

    /// Records that the caller's task was cancelled (the first time only).
    func markCancelled() {
        state.withLock { if $0.cancelledAt == nil { $0.cancelledAt = .now } }
    }

    /// Records that the connection was seen closed; true when it had been seen closed before.
    func noteClosed() -> Bool {
        state.withLock { state in
            defer { state.closedSeen = true }
            return state.closedSeen
        }
    }

    /// Settles the outcome, unless it was settled before: resumes the waiter, or keeps the result for it.
    func settle(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard !state.settled else { return nil }
            state.settled = true
            guard let waiter = state.waiter else {
                state.result = result
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume(with: result)
    }

    /// Waits for the outcome (called once).
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let settled = state.withLock { state -> Result<T, any Error>? in
                guard state.settled else {
                    state.waiter = continuation
                    return nil
                }
                defer { state.result = nil }
                return state.result
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}
