import Foundation
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// `POST /jobs/:id/cancel`, `/jobs/:id/resubmit` and `/jobs/:id/claim`, and `/groups/:id/start`
    /// (a held group's approval): plain forms for the owner, CSRF-checked. The rules are ``JobService``'s, as for the API.
    func addActionRoutes(to router: Router<APIRequestContext>) {
        router.post("/jobs/:id/cancel") { request, context -> Response in
            let job = try await jobs.cancel(
                context.parameters.id(),
                by: owner(request, context)
            )
            return redirect(to: "/jobs/\(job.id)")
        }
        router.post("/jobs/:id/resubmit") { request, context -> Response in
            let job = try await jobs.resubmit(
                context.parameters.id(),
                by: owner(request, context)
            )
            return redirect(to: "/jobs/\(job.id)")
        }
        router.post("/groups/:id/start") { request, context -> Response in
            let id = try context.parameters.id()
            let user = try await owner(request, context)
            try await jobs.start(try await jobs.ownedGroup(id, by: user.name))
            return redirect(to: "/groups/\(id)")
        }
        router.post("/jobs/:id/claim") { request, context -> Response in
            let id = try context.parameters.id()
            _ = try await jobs.claimKeptVM(id, by: owner(request, context))
            return redirect(to: "/jobs/\(id)")
        }
    }

    /// The signed-in user behind a CSRF-checked form post.
    func owner(_ request: Request, _ context: APIRequestContext) async throws -> User {
        let form = try await Self.form(CSRFForm.self, from: request, context: context)
        return try await owner(request, csrf: form.csrf)
    }

    /// The signed-in user behind a form post whose body was read already, checked against its `csrf`.
    func owner(_ request: Request, csrf: String) async throws -> User {
        let (_, name) = try await session(request, csrf: csrf)
        guard let user = try await store.user(named: name) else {
            throw WebError(.forbidden, "The user ~\(name) no longer exists.")
        }
        return user
    }
}
