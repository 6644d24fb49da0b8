import HckCore
import Hummingbird
import Store
import Wire

extension APIRequestContext {
    /// Runs a long-poll's `wait`, ending it (nil) as soon as the client leaves: an answer no one
    /// will read must not be made, least of all a job handed to a runner that gave up asking.
    /// - Parameter wait: the waiting work; cancelled when the client leaves.
    /// - Returns: what `wait` returned, or nil when the client left first.
    func unlessClientLeaves<T: Sendable>(_ wait: @escaping @Sendable () async throws -> T?) async throws -> T? {
        let departure = await ClientDepartureHandler.departure(of: channel)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await wait() }
            group.addTask {
                // Not `departure.get()`: that ignores cancellation, and this must end with `wait`.
                let (left, leaving) = AsyncStream.makeStream(of: Void.self)
                departure.whenComplete { _ in leaving.finish() }
                for await _ in left {}
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }

    /// Whether the request's client has left (closed its end of the connection).
    var clientHasLeft: Bool {
        get async { await ClientDepartureHandler.hasDeparted(channel) }
    }
}
