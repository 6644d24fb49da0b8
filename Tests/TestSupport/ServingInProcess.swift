public import Logging
public import ServiceLifecycle

/// Why a test's in-process server could not be brought up.
public struct ServerStartError: Error, CustomStringConvertible {
    /// What happened.
    public let description: String
}

/// Runs `server` in a ServiceGroup of its own for as long as `body` runs, once it listens, then shuts
/// it down gracefully. TestServer starts its servers this way.
///
/// The server's port was free when picked, but another program may bind it first: then the server
/// ends before it listens, and this returns nil so that the caller tries another port, instead of
/// waiting forever for "listening".
/// - Parameters:
///   - server: the service (a Hummingbird application) to run.
///   - listening: what the server's `onListening` yields to; `signal` is finished when it ends.
///   - signal: the continuation of `listening`.
///   - port: the port it was given (for the error).
///   - lastAttempt: whether to throw, rather than return nil, when it ends before listening.
///   - logger: the service group's logger.
///   - body: the test's work against the running server.
/// - Returns: what `body` returned or threw, or nil when the server ended before listening.
/// - Throws: ``ServerStartError`` (or the server's own error) on the last attempt.
public func servingInProcess<T>(
    _ server: some Service,
    listening: AsyncStream<Int>,
    signal: AsyncStream<Int>.Continuation,
    port: Int,
    lastAttempt: Bool,
    logger: Logger,
    _ body: () async throws -> T
) async throws -> Result<T, any Error>? {
    let group = ServiceGroup(
        services: [server],
        gracefulShutdownSignals: [],
        cancellationSignals: [],
        logger: logger
    )
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { signal.finish() }
            try await group.run()
        }
        var heard = false
        for await _ in listening {
            heard = true
            break
        }
        guard heard else {
            guard lastAttempt else {
                try? await tasks.waitForAll()
                return nil
            }
            try await tasks.waitForAll()  // the server's own error, when it has one
            throw ServerStartError(description: "the test server on port \(port) stopped before it listened")
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}
