import Foundation
import Hummingbird
import Manifest

extension WebPages {
    /// `POST /jobs/:id/cancel` and `/jobs/:id/resubmit`: plain forms for the job's owner, CSRF-checked.
    func addActionRoutes(to router: Router<APIRequestContext>) {
        router.post("/jobs/:id/cancel") { request, context -> Response in
            let owner = try await owner(request, context)
            let job = try await environment.ownedJob(context.parameters.require("id", as: Int64.self), by: owner)
            if let cancelled = try await environment.dispatcher.cancel(id: job.id), cancelled.status.isFinal, !job.status.isFinal {
                await environment.ended(cancelled)
            }
            return redirect(to: "/jobs/\(job.id)")
        }
        router.post("/jobs/:id/resubmit") { request, context -> Response in
            let owner = try await owner(request, context)
            let job = try await environment.ownedJob(context.parameters.require("id", as: Int64.self), by: owner)
            let again = SubmitRequest(
                manifest: job.manifest, note: job.note, tags: job.tags, secrets: job.secretsEnabled, execute: true,
                visibility: job.visibility
            )
            let submitted = try await environment.submit(again, by: owner)
            return redirect(to: "/jobs/\(submitted.id)")
        }
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
