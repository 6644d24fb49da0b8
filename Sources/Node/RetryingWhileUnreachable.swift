import Client
import Logging
import Wire

/// Calls the server until it answers, backing off (¼ s doubling to 5 s) while it is unreachable
/// or restarting, so a server restart costs a runner nothing. Errors that waiting cannot fix are
/// thrown at once, and so is cancellation.
/// - Parameters:
///   - what: what the call does, for the log (e.g. "job 12: send its log").
///   - logger: where the first failure and the recovery are reported.
///   - call: the call.
/// - Returns: the call's answer.
func retryingWhileUnreachable<T: Sendable>(
    _ what: String,
    logger: Logger,
    _ call: @Sendable () async throws -> T
) async throws -> T {
    var delay: Duration = .milliseconds(250)
    var failures = 0
    while true {
        do {
            let answer = try await call()
            if failures > 0 { logger.notice("\(what): the server answers again after \(failures) failed tries") }
            return answer
        } catch let error as ClientError where error.isTransient && !Task.isCancelled {
            if failures == 0 { logger.warning("\(what): \(error); trying again until it answers") }
            failures += 1
            try await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
