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
            let query = request.uri.queryParameters
            let start = try query.get("start").map { text in
                guard let id = Int64(text), id > 0 else {
                    throw APIError(.badRequest, "'start' must be a job id (a previous page's 'next'), not '\(text)'")
                }
                return id
            }
            let size =
                try query.get("limit").map { text in
                    guard let size = Int(text), (1...100).contains(size) else {
                        throw APIError(.badRequest, "'limit' must be a number from 1 to 100, not '\(text)'")
                    }
                    return size
                } ?? 50
            // One more than the page, to know whether another page follows and where it starts.
            var page = try await store.jobs(owner: user.name, startingAt: start, limit: size + 1)
            let next = page.count > size ? page.removeLast().id : nil
            var results: [JobView] = []
            for job in page { results.append(try await self.jobs.view(job)) }
            return JobList(results: results, next: next, resultsPerPage: size)
        }
        router.on(.job) { _, context -> JobView in
            let job = try await self.jobs.readable(
                context.parameters.require("id", as: Int64.self),
                by: context.reader(.readJobs)
            )
            return try await self.jobs.view(job)
        }
        router.on(.jobManifest) { _, context -> String in
            try await self.jobs.readable(
                context.parameters.require("id", as: Int64.self),
                by: context.reader(.readJobs)
            )
            .manifest
        }
        router.on(.startJob) { _, context -> JobView in
            let started = try await self.jobs.start(
                context.parameters.require("id", as: Int64.self),
                by: context.requireUser(.writeJobs)
            )
            return try await self.jobs.view(started)
        }
        router.on(.cancelJob) { _, context -> JobView in
            let job = try await self.jobs.cancel(
                context.parameters.require("id", as: Int64.self),
                by: context.requireUser(.writeJobs)
            )
            return try await self.jobs.view(job)
        }
        router.on(.resubmitJob) { _, context -> JobView in
            let job = try await self.jobs.resubmit(
                context.parameters.require("id", as: Int64.self),
                by: context.requireUser(.writeJobs)
            )
            return JobView(job, baseURL: baseURL)
        }
    }
}
