import Foundation
import HTTPTypes
import Hummingbird
import Images
import Logging
import Manifest
import NIOCore

extension APIEnvironment {
    /// `/api/runner/…`: the protocol runner nodes speak (register, take, heartbeat, logs, statuses, artifacts).
    func addRunnerRoutes(to router: Router<APIRequestContext>) {
        let runner = router.group("api/runner")
        runner.post("register") { request, context -> HTTPResponse.Status in
            let me = try context.requireRunner()
            let capacity = try await request.decode(as: RunnerCapacity.self, context: context)
            try await store.register(runner: RunnerRecord(name: me.name, capacity: capacity), now: Date())
            await runners.forget(0)
            return .noContent
        }
        runner.post("take") { request, context -> Response in
            let me = try context.requireRunner()
            guard let record = try await store.runners().first(where: { $0.name == me.name }) else {
                throw APIError(.conflict, "runner \(me.name) has not registered its capacity: POST /api/runner/register first")
            }
            let wait = min(request.uri.queryParameters.get("wait", as: Double.self) ?? 30, 300)
            let dispatcher = self.dispatcher
            guard
                let job = try await context.unlessClientLeaves({
                    try await dispatcher.take(runner: record, timeout: .milliseconds(Int(wait * 1000)))
                })
            else {
                return Response(status: .noContent)
            }
            if await context.clientHasLeft {
                // The runner gave up asking as the job was claimed for it: an expired lease puts the
                // job back in the queue at the reaper's next pass (it has not started).
                _ = try await store.heartbeat(id: job.id, runner: me.name, leaseUntil: .distantPast)
                context.logger.info("runner \(me.name) left before job \(job.id) reached it; the job goes back to the queue")
                return Response(status: .noContent)
            }
            await metrics.count(.dispatched)
            let assignment = Assignment(
                job: JobView(job, baseURL: baseURL),
                manifest: job.manifest,
                secrets: try await deliveredSecrets(for: job),
                leaseExpiresAt: job.leaseExpiresAt ?? Date(),
                deadline: job.deadline ?? Date(),
                oauth2Token: try await jobToken(for: job),
                logEnds: try await logEnds(of: job)
            )
            return try context.responseEncoder.encode(assignment, from: request, context: context)
        }
        runner.post("jobs/:id/heartbeat") { request, context -> HeartbeatReply in
            let me = try context.requireRunner()
            let id = try context.parameters.require("id", as: Int64.self)
            let wait = min(request.uri.queryParameters.get("wait", as: Double.self) ?? 0, 60)
            guard let job = try await dispatcher.heartbeat(id: id, runner: me.name, timeout: .milliseconds(Int(wait * 1000)))
            else { throw APIError(.gone, "runner \(me.name) no longer holds job \(id): stop it") }
            return HeartbeatReply(cancel: job.cancelRequested, leaseExpiresAt: job.leaseExpiresAt ?? Date())
        }
        runner.post("jobs/:id/log") { request, context -> [String: Int] in
            let me = try context.requireRunner()
            let id = try context.parameters.require("id", as: Int64.self)
            let job = try await requireHeld(id, by: me)
            let task = request.uri.queryParameters.get("task")
            if let task, !job.tasks.contains(where: { $0.name == task }) {
                throw APIError(.badRequest, "job \(id) has no task '\(task)'", available: job.tasks.map(\.name))
            }
            let offset = try logOffset(of: request)
            let chunk = try await request.body.collect(upTo: context.maxUploadSize)
            let length: Int
            do {
                length = try await store.appendLog(id: id, task: task, data: Data(chunk.readableBytesView), at: offset)
            } catch let error as StoreError where error.code == .logGap {
                throw APIError(.conflict, error.message)
            }
            await dispatcher.doorbell.ring(.progress(id))
            return ["length": length]
        }
        runner.post("jobs/:id/tasks/:task") { request, context -> JobView in
            let me = try context.requireRunner()
            let id = try context.parameters.require("id", as: Int64.self)
            let update = try await request.decode(as: TaskUpdate.self, context: context)
            guard let job = try await store.updateTask(id: id, runner: me.name, task: context.parameters.require("task"), status: update.status)
            else { throw APIError(.gone, "runner \(me.name) no longer holds job \(id): stop it") }
            await dispatcher.doorbell.ring(.progress(id))
            return JobView(job, baseURL: baseURL)
        }
        runner.post("jobs/:id/status") { request, context -> JobView in
            let me = try context.requireRunner()
            let id = try context.parameters.require("id", as: Int64.self)
            let outcome = try await request.decode(as: JobOutcome.self, context: context)
            guard outcome.status.isFinal else {
                throw APIError(.badRequest, "'\(outcome.status.rawValue)' is not a final status (success, failed, timeout, cancelled)")
            }
            guard let job = try await store.finish(id: id, runner: me.name, status: outcome.status, reason: outcome.reason, now: Date())
            else { throw APIError(.gone, "runner \(me.name) no longer holds job \(id)") }
            await metrics.count(.finished)
            await ended(job)
            return JobView(job, baseURL: baseURL)
        }
        runner.put("jobs/:id/artifacts/:name") { request, context -> Artifact in
            let me = try context.requireRunner()
            let id = try context.parameters.require("id", as: Int64.self)
            try await requireHeld(id, by: me)
            return try await storeArtifact(request, job: id, name: context.parameters.require("name"), context: context)
        }
    }

    @discardableResult
    func requireHeld(_ id: Int64, by runner: User) async throws -> Job {
        guard let job = try await store.job(id: id), job.runner == runner.name, job.status == .running else {
            throw APIError(.gone, "runner \(runner.name) does not hold job \(id)")
        }
        return job
    }

    /// The owner's secrets the job's manifest names, opened, when the job enables secrets.
    func deliveredSecrets(for job: Job) async throws -> [DeliveredSecret] {
        guard job.secretsEnabled, let manifest = try? Manifest.parse(job.manifest, file: "manifest").manifest else { return [] }
        let owned = try await store.secrets(owner: job.owner)
        return try manifest.secrets.compactMap { wanted in
            guard let secret = owned.first(where: { $0.name == wanted || $0.id.uuidString.lowercased() == wanted.lowercased() })
            else { return nil }
            return DeliveredSecret(
                id: secret.id, name: secret.name, kind: secret.kind, path: secret.path, mode: secret.mode,
                value: try secrets.open(secret.sealed)
            )
        }
    }
}
