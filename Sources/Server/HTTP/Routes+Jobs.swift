import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension APIEnvironment {
    /// `/api/jobs…`: what users do with jobs. The rules are ``JobService``'s.
    func addJobRoutes(to router: Router<APIRequestContext>) {
        router.on(.submitJob) { request, context -> JobView in
            let user = try context.requireUser(.writeJobs)
            let submission = try await request.decode(as: SubmitRequest.self, context: context)
            return JobView(try await self.jobs.submit(submission, by: user), baseURL: baseURL)
        }
        router.on(.listJobs) { request, context -> JobList in
            let user = try context.requireUser(.readJobs)
            let start = try request.integer(query: "start", in: RequestNumber.ids)
            let size = try request.integer(query: "limit", in: 1...100) ?? 50
            // One more than the page, to know whether another page follows and where it starts.
            var page = try await store.jobs(owner: user.name, startingAt: start, limit: size + 1)
            let next = page.count > size ? page.removeLast().id : nil
            var results: [JobView] = []
            for job in page { results.append(try await self.jobs.view(job)) }
            let total = try await store.jobCount(owner: user.name)
            return JobList(results: results, next: next, resultsPerPage: size, total: total)
        }
        router.on(.job) { _, context -> JobView in
            let job = try await self.jobs.readable(
                context.parameters.id(),
                by: context.reader(.readJobs)
            )
            return try await self.jobs.view(job)
        }
        router.on(.jobManifest) { _, context -> String in
            try await self.jobs.readable(
                context.parameters.id(),
                by: context.reader(.readJobs)
            )
            .manifest
        }
        router.on(.startJob) { _, context -> JobView in
            let started = try await self.jobs.start(
                context.parameters.id(),
                by: context.requireUser(.writeJobs)
            )
            return try await self.jobs.view(started)
        }
        router.on(.cancelJob) { _, context -> JobView in
            let job = try await self.jobs.cancel(
                context.parameters.id(),
                by: context.requireUser(.writeJobs)
            )
            return try await self.jobs.view(job)
        }
        router.on(.resubmitJob) { _, context -> JobView in
            let job = try await self.jobs.resubmit(
                context.parameters.id(),
                by: context.requireUser(.writeJobs)
            )
            return JobView(job, baseURL: baseURL)
        }
    }
}
