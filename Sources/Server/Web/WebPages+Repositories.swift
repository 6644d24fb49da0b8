import Foundation
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// How many of a repository's newest jobs its page looks through for its branches.
    static let repositoryJobsScanned = 500

    /// `GET /repos/:name`, a repository's branches and their latest builds, and
    /// `GET /repos/:name/:branch/badge.svg`, a branch's status badge (its latest public job's).
    func addRepositoryRoutes(to router: Router<APIRequestContext>) {
        router.get("/repos/:name") { request, context -> Response in
            let name = try context.parameters.decoded("name")
            let viewer = try await viewer(request, context)
            let jobs = try await pages.jobs(
                matching: JobFilter(tag: name),
                viewer: viewer?.name,
                before: nil,
                limit: Self.repositoryJobsScanned
            )
            let view = RepositoryPageView(
                repository: name,
                branches: RepositoryPageView.branches(of: name, in: jobs),
                baseURL: environment.baseURL
            )
            return page(PageLayout(title: "Repository \(name)", viewer: viewer).render(view.render()))
        }
        router.get("/repos/:name/:branch/badge.svg") { request, context -> Response in
            let branch = try context.parameters.decoded("branch")
            var filter = JobFilter(tag: try context.parameters.decoded("name"))
            filter.tags.append(branch)
            return try await badge(request, filter: filter, label: branch)
        }
    }
}
