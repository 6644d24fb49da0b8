import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Logging
import Manifest
import NIOCore
import Store
import Wire

extension APIEnvironment {
    /// `/api/runner/…`: the protocol runner nodes speak (register, take, heartbeat, logs, statuses, artifacts).
    func addRunnerRoutes(to router: Router<APIRequestContext>) {
        router.on(.registerRunner) { request, context -> HTTPResponse.Status in
            let me = try context.requireRunner()
            let capacity = try await request.decode(as: RunnerCapacity.self, context: context)
            if !capacity.guestsIsolated {
                context.logger.warning(
                    "runner \(me.name) registered WITHOUT guest isolation (--no-guest-isolation): its jobs can reach its host's services and networks"
                )
            }
            try await store.register(runner: RunnerRecord(name: me.name, capacity: capacity), now: Date())
            await jobs.runnersChanged()
            return .noContent
        }
        router.on(.takeJob) { request, context -> Response in
            let me = try context.requireRunner()
            guard let record = try await store.runners().first(where: { $0.name == me.name }) else {
                throw APIError(
                    .conflict,
                    "runner \(me.name) has not registered its capacity: POST /api/runner/register first"
                )
            }
            let wait = try request.seconds(absent: 30, in: 0...300)
            let dispatcher = self.dispatcher
            // Heard from as it asks and as it is answered: a long-poll may outlast two leases.
            try await store.heard(runner: me.name, now: Date())
            let taken = try await context.unlessClientLeaves({
                try await dispatcher.take(runner: record, timeout: wait)
            })
            try await store.heard(runner: me.name, now: Date())
            guard let taken else {
                return Response(status: .noContent)
            }
            let job = taken.job
            if await context.clientHasLeft {
                // The runner gave up asking as the job was claimed for it: the job goes back at once.
                try await jobs.giveBack(job, from: me.name)
                context.logger.info(
                    "runner \(me.name) left before job \(job.id) reached it; the job went back to the queue"
                )
                return Response(status: .noContent)
            }
            let assignment = try await jobs.handOver(job, to: me.name, logger: context.logger)
            metrics.dispatched(after: .seconds(Date().timeIntervalSince(taken.queuedAt)))
            return try context.responseEncoder.encode(assignment, from: request, context: context)
        }
        router.on(.heartbeat) { request, context -> HeartbeatReply in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            let wait = try request.seconds(absent: 0, in: 0...60)
            try await store.heard(runner: me.name, now: Date())
            guard
                let job = try await dispatcher.heartbeat(
                    id: id,
                    runner: me.name,
                    timeout: wait
                )
            else { throw APIError(.gone, "runner \(me.name) no longer holds job \(id): stop it") }
            return HeartbeatReply(cancel: job.cancelRequested, leaseExpiresAt: job.leaseExpiresAt ?? Date())
        }
        router.on(.appendLog) { request, context -> [String: Int] in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            let job = try await jobs.loggable(id, by: me.name)
            let task = request.uri.queryParameters.get("task")
            if let task, !job.tasks.contains(where: { $0.name == task }) {
                throw APIError(.badRequest, "job \(id) has no task '\(task)'", available: job.tasks.map(\.name))
            }
            let offset = try logOffset(of: request)
            let chunk = try await request.body.collect(upTo: context.maxUploadSize)
            let length: Int
            let storing = ContinuousClock.now
            do {
                length = try await store.appendLog(id: id, task: task, data: Data(chunk.readableBytesView), at: offset)
            } catch let error as StoreError where error.code == .logGap {
                throw APIError(.conflict, error.message)
            }
            metrics.logAppended(bytes: chunk.readableBytes, in: ContinuousClock.now - storing)
            await dispatcher.doorbell.ring(.progress(id))
            return ["length": length]
        }
        router.on(.reportTask) { request, context -> JobView in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            let update = try await request.decode(as: TaskUpdate.self, context: context)
            let task = try context.parameters.decoded("task")
            let held = try await jobs.held(id, by: me.name)
            guard held.tasks.contains(where: { $0.name == task }) else {
                throw APIError(.notFound, "job \(id) has no task '\(task)'", available: held.tasks.map(\.name))
            }
            guard let job = try await store.updateTask(id: id, runner: me.name, task: task, status: update.status)
            else { throw APIError(.gone, "runner \(me.name) no longer holds job \(id): stop it") }
            await dispatcher.changed(id)
            return JobView(job, baseURL: baseURL)
        }
        router.on(.reportJob) { request, context -> JobView in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            let outcome = try await request.decode(as: FinalStatusReport.self, context: context)
            return JobView(try await jobs.finish(id, runner: me.name, outcome: outcome), baseURL: baseURL)
        }
        router.on(.releaseJob) { _, context -> JobView in
            let me = try context.requireRunner()
            return JobView(try await jobs.release(context.parameters.id(), by: me.name), baseURL: baseURL)
        }
        router.on(.uploadArtifact) { request, context -> Artifact in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            try await jobs.held(id, by: me.name)
            return try await storeArtifact(request, job: id, name: context.parameters.decoded("name"))
        }
    }
}
