import Client
import Foundation
import Logging
import Manifest
import Wire

/// Why a runner stops a job before it ends by itself.
enum StopReason: Sendable, Equatable {
    /// Someone cancelled the job.
    case cancelRequested
    /// The server no longer lets this runner hold the job (its lease ended); its message.
    case leaseLost(String)
    /// The node's drain ran out before the job ended: it goes back to the queue.
    case handedBack
}

/// Keeps a job's lease with heartbeats and reports a cancel the moment the server has one.
///
/// Each heartbeat is a long-poll: the server holds it up to a third of the lease unless a cancel
/// comes, so a cancel reaches the runner within a round trip. While the server is unreachable
/// heartbeats are retried every half second or so: the lease on the server decides.
struct LeaseKeeper {
    let client: APIClient
    let job: Int64
    /// The longest a heartbeat is held.
    let longestWait: Duration
    let logger: Logger

    /// Heartbeats until cancelled, yielding to `stops` when the job is cancelled or lost.
    /// - Parameters:
    ///   - expiry: when the lease ends unless extended.
    ///   - stops: where cancels and a lost lease are reported.
    func keep(expiry: Date, stops: AsyncStream<StopReason>.Continuation) async {
        var expiry = expiry
        var cancelSeen = false
        var failures = 0
        while !Task.isCancelled {
            let third = max(0.5, min(longestWait.inSeconds, expiry.timeIntervalSinceNow / 3))
            do {
                if cancelSeen { try await Task.sleep(for: .seconds(third)) }
                // After a failure the lease may have changed (a restarted server): learn it at once.
                let reply = try await client.heartbeat(job, wait: cancelSeen || failures > 0 ? 0 : third)
                if failures > 0 { logger.notice("job \(job): heartbeats answered again after \(failures) failures") }
                failures = 0
                expiry = reply.leaseExpiresAt
                if reply.cancel, !cancelSeen {
                    cancelSeen = true
                    logger.notice("job \(job): cancelled on the server; stopping it")
                    stops.yield(.cancelRequested)
                }
            } catch let error as ClientError where error.reason == .gone {
                if !Task.isCancelled { stops.yield(.leaseLost(error.message)) }
                return
            } catch {
                if Task.isCancelled { return }
                if failures == 0 { logger.warning("job \(job): heartbeat failed, trying again: \(error)") }
                failures += 1
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
    }
}
