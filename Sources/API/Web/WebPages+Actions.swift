import Foundation
import Hummingbird
import Manifest

extension WebPages {
    /// `POST /jobs/:id/cancel`, `/jobs/:id/resubmit` and `/jobs/:id/claim`: plain forms for the job's owner, CSRF-checked.
    func addActionRoutes(to router: Router<APIRequestContext>) {
        router.post("/jobs/:id/cancel") { request, context -> Response in
            let owner = try await owner(request, context)
            let job = try await ownedJob(context.parameters.require("id", as: Int64.self), by: owner)
            if let cancelled = try await environment.dispatcher.cancel(id: job.id), cancelled.status.isFinal,
                !job.status.isFinal
            {
                await environment.ended(cancelled)
            }
            return redirect(to: "/jobs/\(job.id)")
        }
        router.post("/jobs/:id/resubmit") { request, context -> Response in
            let owner = try await owner(request, context)
            let job = try await ownedJob(context.parameters.require("id", as: Int64.self), by: owner)
            let again = SubmitRequest(
                manifest: job.manifest,
                note: job.note,
                tags: job.tags,
                secrets: job.secretsEnabled,
                execute: true,
                visibility: job.visibility
            )
            let submitted: JobView
            do {
                submitted = try await environment.submit(again, by: owner)
            } catch let error as APIError {
                throw WebError(error.status, "Job \(job.id) cannot be submitted again: \(error.message)")
            }
            return redirect(to: "/jobs/\(submitted.id)")
        }
        router.post("/jobs/:id/claim") { request, context -> Response in
            let owner = try await owner(request, context)
            let job = try await ownedJob(context.parameters.require("id", as: Int64.self), by: owner)
            guard job.status == .running, try await store.claimKeptVM(id: job.id) != nil else {
                throw WebError(.conflict, "Job \(job.id)'s VM is not kept for SSH, so there is nothing to keep longer.")
            }
            await environment.dispatcher.doorbell.ring(.progress(job.id))
            return redirect(to: "/jobs/\(job.id)")
        }
    }

    /// A job the user owns; a 404 page otherwise.
    func ownedJob(_ id: Int64, by user: User) async throws -> Job {
        let job = try await visibleJob(id, viewer: WebViewer(name: user.name, csrf: ""))
        guard job.owner == user.name else {
            throw WebError(.notFound, "Job \(id) is not yours, so you cannot change it.")
        }
        return job
    }

    /// The signed-in user behind a CSRF-checked form post.
    func owner(_ request: Request, _ context: APIRequestContext) async throws -> User {
        let (_, name) = try await session(request, context: context)
        guard let user = try await store.user(named: name) else {
            throw WebError(.forbidden, "The user ~\(name) no longer exists.")
        }
        return user
    }
}
