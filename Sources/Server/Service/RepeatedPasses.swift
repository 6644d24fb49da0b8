import HckCore
import Logging
import ServiceLifecycle
import Store

/// Runs `pass` every `interval` until graceful shutdown or cancellation, as the server's periodic
/// services do (the schedule ticker, the pruner). A pass that fails is logged and the next one runs
/// on time; an unreachable store only at debug level, since the store reports its outage itself, once.
/// - Parameters:
///   - interval: the time from the end of one pass to the start of the next.
///   - name: what the log lines start with.
func repeatPasses(
    every interval: Duration,
    name: String,
    logger: Logger,
    _ pass: () async throws -> Void
) async {
    while !Task.isShuttingDownGracefully && !Task.isCancelled {
        do {
            try await pass()
        } catch let error as StoreError where error.code == .unreachable {
            logger.debug("\(name): \(error)")
        } catch {
            logger.error("\(name): \(error)")
        }
        _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
