import Client
import Foundation
import HckCore
import Logging
import Manifest
import Runner
import Wire

/// One job on a runner node, from `take` to `finish`: runs it with ``JobRunner`` while a
/// ``LeaseKeeper`` heartbeats and a ``LogUplink`` streams its logs, then uploads its artifacts
/// and reports how it ended. Nothing of it is kept afterwards: its work folder is deleted.
struct JobSession {
    let assignment: Assignment
    let client: APIClient
    let runner: JobRunner
    let keepAlive: any KeepAliveHook
    let configuration: RunnerNode.Configuration
    /// The node's running jobs, which hand this one back when the node's drain runs out.
    let activity: NodeActivity
    /// Where the node counts and times its jobs.
    let metrics: RunnerMetrics
    let logger: Logger

    private var id: Int64 { assignment.job.id }

    func run() async {
        let uplink = LogUplink(
            client: client,
            assignment: assignment,
            limits: configuration.logLimits,
            metrics: metrics,
            logger: logger
        )
        let (stops, stop) = AsyncStream.makeStream(of: StopReason.self)
        let keeper = LeaseKeeper(client: client, job: id, longestWait: configuration.heartbeatWait, logger: logger)
        let ending = Once()
        let stopSeen = StopSeen()
        await activity.started(id, stop: stop)
        metrics.jobStarted()
        await withDiscardingTaskGroup { group in
            group.addTask { await uplink.run() }
            group.addTask { await keeper.keep(expiry: assignment.leaseExpiresAt, stops: stop) }
            // The job's end is reported as soon as its tasks end (a kept VM stays on after it).
            // A job that ends by itself is reported at once. One that a stop (a cancel, a lost lease, a
            // hand-back) ends runs its end cancelled, where no request would go out: it is reported
            // below, once its VM went, as the stop decides.
            let events = ServerJobEvents(uplink: uplink) { outcome in
                guard !Task.isCancelled else { return }
                let stop = await stopSeen.reason
                await ending.once { await report((outcome.status, outcome.message, stop), uplink: uplink) }
            }
            let ended = await execute(events: events, stops: stops, ending: ending, stopSeen: stopSeen)
            await ending.once { await report(ended, uplink: uplink) }
            await uplink.close()
            group.cancelAll()
        }
        await activity.ended(id)
        metrics.jobLeft()
        try? FileManager.default.removeItem(at: runner.configuration.workDirectory.appendingPathComponent(String(id)))
    }

    /// Runs the job until it ends or a stop comes (then cancels it and waits for its end).
    /// Once `ending` ran, the job's end is reported and the server has let go of its lease: a lost
    /// lease then stops nothing (its VM may still be kept for SSH).
    private func execute(
        events: ServerJobEvents,
        stops: AsyncStream<StopReason>,
        ending: Once,
        stopSeen: StopSeen
    ) async -> (status: JobStatus, message: String?, stop: StopReason?) {
        let request: JobRequest
        do {
            request = try JobRequest(assignment)
        } catch {
            await events.uplink.append(.log(task: nil, Data("hck: \(error)\n".utf8)))
            return (.failed, "\(error)", nil)
        }
        enum Ended: Sendable {
            case job(JobOutcome)
            case stop(StopReason?)
        }
        // The SSH gateway follows the job too, so its owner can watch it before the VM is kept.
        let watched = await keepAlive.watch(job: request.id, deadline: assignment.deadline)
        let sink: any JobEvents = watched.map { JobEventsFanOut([events, $0]) } ?? events
        return await withTaskGroup(of: Ended.self) { group in
            group.addTask { [runner, keepAlive] in .job(await runner.run(request, events: sink, keepAlive: keepAlive))
            }
            group.addTask {
                for await reason in stops {
                    if case .leaseLost = reason, await ending.hasRun { continue }
                    await stopSeen.note(reason)
                    return .stop(reason)
                }
                return .stop(nil)
            }
            var outcome: JobOutcome?
            var stop: StopReason?
            for await ended in group {
                switch ended {
                case .job(let result):
                    outcome = result
                    if let ready = result.vmReady { metrics.vmBooted(in: ready) }
                    group.cancelAll()
                case .stop(let reason?) where outcome == nil:
                    stop = reason
                    group.cancelAll()
                case .stop:
                    break
                }
            }
            return (outcome?.status ?? .cancelled, outcome?.message, stop)
        }
    }

    /// Sends the log so far, the artifacts and the final status, unless the job was lost or handed back.
    private func report(_ ended: (status: JobStatus, message: String?, stop: StopReason?), uplink: LogUplink) async {
        if ended.stop == .handedBack {
            await handBack(uplink: uplink)
            metrics.jobFinished(.handedBack)
            return
        }
        var status = ended.status
        var reason = ended.message
        if status == .success, let failure = await uploadArtifacts() {
            status = .failed
            reason = failure
            await uplink.append(.log(task: nil, Data("hck: \(failure)\n".utf8)))
        }
        await uplink.flush()
        if case .leaseLost(let why) = ended.stop {
            logger.error("job \(id): the server took it back (\(why)); the VM is gone and its results dropped")
            metrics.jobFinished(.lost)
            return
        }
        if let lost = await uplink.lost {
            logger.error("job \(id): the server took it back (\(lost)); the rest of its results are dropped")
            metrics.jobFinished(.lost)
            return
        }
        let client = client
        let id = id
        let (finalStatus, finalReason) = (status, reason)
        do {
            _ = try await retryingWhileUnreachable("job \(id): report its end", logger: logger) {
                try await client.finish(id, status: finalStatus, reason: finalReason)
            }
            logger.info("job \(id): \(status.rawValue)\(reason.map { " (\($0))" } ?? "")")
            metrics.jobFinished(RunnerMetrics.JobEnd(reported: status))
        } catch {
            logger.error("job \(id): the server refused its end (\(status.rawValue)): \(error)")
            metrics.jobFinished(.lost)
        }
    }

    /// Says in the setup log why the job stopped, then gives it back to the queue for another runner.
    private func handBack(uplink: LogUplink) async {
        let note = "hck: this runner stopped and its drain (--drain-timeout) ran out: the job goes back to the queue\n"
        await uplink.append(.log(task: nil, Data(note.utf8)))
        await uplink.close()
        let client = client
        let id = id
        do {
            _ = try await retryingWhileUnreachable("job \(id): hand it back", logger: logger) {
                try await client.release(id)
            }
            logger.notice("job \(id): handed back to the queue")
        } catch {
            logger.error("job \(id): could not hand it back (\(error)); the server ends it when its lease runs out")
        }
    }

    /// Uploads every copied artifact, streamed from its file; returns why one failed, if one did.
    private func uploadArtifacts() async -> String? {
        let folder =
            runner.configuration.artifactDirectory
            ?? runner.configuration.workDirectory.appendingPathComponent("\(id)/artifacts")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        let client = client
        let id = id
        for name in names {
            let file = folder.appendingPathComponent(name)
            do {
                let stored = try await retryingWhileUnreachable("job \(id): upload artifact \(name)", logger: logger) {
                    try await client.uploadArtifact(id, name: name, file: file)
                }
                logger.info("job \(id): artifact \(name) uploaded (\(stored.size) bytes)")
            } catch {
                return "artifact \(name) could not be stored on the server: \(error)"
            }
        }
        return nil
    }
}
