/// Runs `operation`, cancelling it and throwing `expired()` when it has not ended within `limit`.
///
/// The operation must end soon after it is cancelled (a child process is stopped, a socket
/// closed): this waits for it, so that nothing it started outlives the call.
/// - Parameters:
///   - limit: how long it may take.
///   - expired: the error to throw when it takes longer.
///   - operation: the work.
public func withTimeLimit<Result: Sendable>(
    _ limit: Duration,
    expired: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw expired()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
