package import Hummingbird
import Logging
import ServiceLifecycle

/// Serves `router` on 127.0.0.1:`port` while `body` runs, then shuts it down gracefully: the
/// small HTTP servers tests stand up in place of other people's (webhook receivers, forge APIs).
package func servingOnLoopback<T>(
    _ router: Router<BasicRequestContext>,
    port: Int,
    label: String,
    _ body: () async throws -> T
) async throws -> T {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    let app = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: port)),
        logger: logger
    )
    let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return try result.get()
    }
}
