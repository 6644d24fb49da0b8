import Foundation
import HTTPTypes
import Hummingbird
import Manifest

extension APIEnvironment {
    /// `/api/jobs…` and `/api/secrets`: what users do.
    func addJobRoutes(to router: Router<APIRequestContext>) {
        let jobs = router.group("api/jobs")
        jobs.post { request, context -> JobView in
            let user = try context.requireUser()
            let submission = try await request.decode(as: SubmitRequest.self, context: context)
            return try await submit(submission, by: user)
        }
        jobs.get { request, context -> JobList in
            let user = try context.requireUser()
            let query = request.uri.queryParameters
            let start = try query.get("start").map { text in
                guard let id = Int64(text), id > 0 else {
                    throw APIError(.badRequest, "'start' must be a job id (a previous page's 'next'), not '\(text)'")
                }
                return id
            }
            let size = try query.get("limit").map { text in
                guard let size = Int(text), (1...100).contains(size) else {
                    throw APIError(.badRequest, "'limit' must be a number from 1 to 100, not '\(text)'")
                }
                return size
            } ?? 50
            // One more than the page, to know whether another page follows and where it starts.
            var page = try await store.jobs(owner: user.name, startingAt: start, limit: size + 1)
            let next = page.count > size ? page.removeLast().id : nil
            var results: [JobView] = []
            for job in page { results.append(try await view(job)) }
            return JobList(results: results, next: next, resultsPerPage: size)
        }
        jobs.get(":id") { _, context -> JobView in
            try await view(readableJob(context.parameters.require("id", as: Int64.self), by: context.user))
        }
        jobs.get(":id/manifest") { _, context -> String in
            try await readableJob(context.parameters.require("id", as: Int64.self), by: context.user).manifest
        }
        jobs.post(":id/start") { _, context -> JobView in
            let job = try await ownedJob(context.parameters.require("id", as: Int64.self), by: context.requireUser())
            guard let started = try await store.start(id: job.id) else {
                throw APIError(.conflict, "job \(job.id) is \(job.status.rawValue), not pending: nothing to start")
            }
            await dispatcher.announce(started)
            return try await view(started)
        }
        jobs.post(":id/cancel") { _, context -> JobView in
            let job = try await ownedJob(context.parameters.require("id", as: Int64.self), by: context.requireUser())
            guard let cancelled = try await dispatcher.cancel(id: job.id) else {
                throw APIError(.notFound, "job \(job.id) vanished")
            }
            if cancelled.status.isFinal && !job.status.isFinal { await ended(cancelled) }
            return try await view(cancelled)
        }
        jobs.post(":id/resubmit") { _, context -> JobView in
            let user = try context.requireUser()
            let job = try await readableJob(context.parameters.require("id", as: Int64.self), by: user)
            let again = SubmitRequest(
                manifest: job.manifest, note: job.note, tags: job.tags, secrets: job.secretsEnabled && job.owner == user.name,
                execute: true, visibility: job.visibility
            )
            return try await submit(again, by: user)
        }
    }

    /// Checks and stores a submission, then wakes waiting runners.
    /// - Parameters:
    ///   - request: the submission.
    ///   - user: the submitter.
    func submit(_ request: SubmitRequest, by user: User) async throws -> JobView {
        let submission = Submission(request: request, owner: user)
        let manifest = try submission.parse()
        let newJob = try submission.check(
            manifest,
            runners: try await runners.value(for: 0, load: { [store] in try await store.runners() }) ?? [],
            secrets: manifest.secrets.isEmpty ? [] : try await store.secrets(owner: user.name)
        )
        let job = try await store.insert(newJob)
        await metrics.count(.submitted)
        await dispatcher.announce(job)
        return JobView(job, baseURL: baseURL)
    }
}
