import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {
    /// `GET/POST /api/repos` and `DELETE /api/repos/:name`: the caller's registered forge
    /// repositories. Their builds act for the account, so a job's token may not touch them. The
    /// rules are ``JobService``'s.
    func addRepositoryRoutes(to router: Router<APIRequestContext>) {
        router.on(.listRepositories) { _, context -> [RepositoryView] in
            let user = try context.requireUser(.account)
            return try await store.repositories(owner: user.name).map(jobs.view)
        }
        router.on(.addRepository) { request, context -> RepositoryView in
            let user = try context.requireUser(.account)
            let body = try await request.decode(as: RepositoryRequest.self, context: context)
            return jobs.view(try await jobs.addRepository(body, by: user))
        }
        router.on(.removeRepository) { _, context -> HTTPResponse.Status in
            let user = try context.requireUser(.account)
            try await jobs.removeRepository(named: context.parameters.decoded("name"), by: user)
            return .noContent
        }
    }
}
