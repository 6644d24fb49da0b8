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
            await activity.started(id)
            await JobSession(
                assignment: assignment,
                client: client,
                runner: runner,
                keepAlive: keepAlive,
                configuration: configuration,
                logger: logger
            ).run()
            await activity.ended(id)
        }
    }
}

/// The jobs a node is running now, for its shutdown message.
actor NodeActivity {
    private(set) var running: [Int64] = []

    func started(_ id: Int64) { running.append(id) }
    func ended(_ id: Int64) { running.removeAll { $0 == id } }
}
