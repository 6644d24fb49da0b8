import Foundation
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// `/` (every listed job), `/~owner`, `/tags/:tag` and `/groups/:id`, all filterable and paged.
    func addListRoutes(to router: Router<APIRequestContext>) {
        router.get("/") { request, context -> Response in
            try await list(request, context, heading: "Recent jobs", path: "/", fixed: JobFilter())
        }
        router.get("/~{owner}") { request, context -> Response in
            let owner = try context.parameters.decoded("owner")
            return try await list(
                request,
                context,
                heading: "Jobs of ~\(owner)",
                path: "/~\(owner.urlComponentEncoded)",
                fixed: JobFilter(owner: owner),
                badge: "/~\(owner.urlComponentEncoded)/badge.svg"
            )
        }
        router.get("/tags/:tag") { request, context -> Response in
            let tag = try context.parameters.decoded("tag")
            return try await list(
                request,
                context,
                heading: "Jobs tagged \(tag)",
                path: "/tags/\(tag.urlComponentEncoded)",
                fixed: JobFilter(tag: tag),
                badge: "/tags/\(tag.urlComponentEncoded)/badge.svg"
            )
        }
        router.get("/groups/:id") { request, context -> Response in
            let id = try context.parameters.id()
            guard let group = try await store.group(id: id) else {
                throw WebError(.notFound, "There is no job group \(id).")
            }
            return try await list(
                request,
                context,
                heading: "Job group \(id) of ~\(group.owner)",
                path: "/groups/\(id)",
                fixed: JobFilter(groupID: id),
                note: group.note,
                actions: { viewer, jobs in
                    // A held group (a fork's pull request waiting for approval, or a group submitted
                    // without execute): its owner starts it here.
                    guard let viewer, viewer.name == group.owner, !viewer.csrf.isEmpty,
                        jobs.contains(where: { $0.status == .pending })
                    else { return "" }
                    return """
                        <section class="actions"><form method="post" action="/groups/\(id)/start">\
                        \(viewer.csrfField)<button type="submit">Approve and run</button></form>\
                        <span class="note">These jobs are held until you approve them (a pull request from a \
                        fork runs without your secrets).</span></section>
                        """
                }
            )
        }
    }

    /// A listing: the fixed filter of the page, narrowed by the query (`owner`, `tag`, `status`, `before`).
    func list(
        _ request: Request,
        _ context: APIRequestContext,
        heading: String,
        path: String,
        fixed: JobFilter,
        badge: String? = nil,
        note: String? = nil,
        actions: (WebViewer?, [Job]) -> HTML = { _, _ in "" }
    ) async throws -> Response {
        let query = request.uri.queryParameters
        var filter = fixed
        if filter.owner == nil, let owner = query.get("owner"), !owner.isEmpty {
            filter.owner = owner.hasPrefix("~") ? String(owner.dropFirst()) : owner
        }
        if filter.tag == nil, let tag = query.get("tag"), !tag.isEmpty { filter.tag = tag }
        if let status = query.get("status"), !status.isEmpty {
            guard let parsed = JobStatus(rawValue: status) else {
                throw WebError(
                    .badRequest,
                    "'\(status)' is not a status; use one of \(JobStatus.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            filter.status = parsed
        }
        let before = try request.integer(query: "before", in: RequestNumber.ids)
        let viewer = try await viewer(request, context)
        let found = try await pages.jobs(matching: filter, viewer: viewer?.name, before: before, limit: pageSize + 1)
        let shown = Array(found.prefix(pageSize))
        let view = JobListView(
            heading: heading,
            filter: filter,
            path: path,
            fixed: fixed,
            note: note,
            jobs: shown,
            older: found.count > pageSize ? shown.last?.id : nil,
            badge: badge,
            actions: actions(viewer, shown)
        )
        return page(PageLayout(title: heading, viewer: viewer).render(view.render()))
    }
}
