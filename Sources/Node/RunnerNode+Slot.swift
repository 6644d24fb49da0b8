import Client
import Foundation
import HckCore
import Images
import Logging
import Manifest
import Runner
import ServiceLifecycle
import Wire

extension RunnerNode {
    /// One slot: long-polls for a job, runs it, and again, until graceful shutdown.
    func takeJobs(slot: Int, runner: JobRunner, registered: RegisteredCapacity, activity: NodeActivity) async throws {
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let assignment: Assignment?
            do {
                let client = client
                let wait = configuration.takeWait.inSeconds
                assignment = try await cancelWhenGracefulShutdown { try await client.take(wait: wait) }
                failures = 0
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { break }
                if let error = error as? ClientError, error.reason == .conflict {
                    logger.notice("the server forgot this runner's capacity; registering again")
                    try await register(await registered.current)
                    continue
                }
                if let error = error as? ClientError, !error.isTransient {
                    throw NodeError(
                        .refused,
                        "the server at \(client.baseURL.absoluteString) refused to hand out jobs: \(error)"
                    )
                }
                if failures == 0 { logger.warning("slot \(slot): cannot take jobs, trying again: \(error)") }
                failures += 1
                try? await Task.sleep(for: .seconds(min(5, failures)))
                continue
            }
            guard let assignment else { continue }
            let id = assignment.job.id
            logger.info(
                "slot \(slot): job \(id) taken (\(assignment.job.image), \(assignment.job.tasks.count) task(s))"
            )
            await JobSession(
                assignment: assignment,
                client: client,
                runner: runner,
                keepAlive: keepAlive,
                configuration: configuration,
                activity: activity,
                metrics: metrics,
                logger: logger
            ).run()
        }
    }
}

/// The jobs a node is running now: for its shutdown message, and to hand them back when its drain runs out.
actor NodeActivity {
    /// Where each running job hears why it must stop.
    private var stops: [Int64: AsyncStream<StopReason>.Continuation] = [:]
    /// Whether the drain ran out (a job starting after that is handed back at once).
    private var handingBack = false

    /// The running jobs' ids.
    var running: [Int64] { stops.keys.sorted() }

    /// A job started; `stop` hears ``StopReason/handedBack`` when the drain runs out.
    func started(_ id: Int64, stop: AsyncStream<StopReason>.Continuation) {
        stops[id] = stop
        if handingBack { stop.yield(.handedBack) }
    }

    func ended(_ id: Int64) { stops[id] = nil }

    /// The drain ran out: every running job stops and goes back to the queue. Returns their ids.
    func handBack() -> [Int64] {
        handingBack = true
        for stop in stops.values { stop.yield(.handedBack) }
        return running
    }
}
