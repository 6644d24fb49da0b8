import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension WebPages {
    /// `GET /~owner/badge.svg[?tag=T]` and `GET /tags/:tag/badge.svg`: the status of the latest public
    /// job, revalidated on every view (`no-cache` with an ETag, so an unchanged badge costs a 304).
    func addBadgeRoutes(to router: Router<APIRequestContext>) {
        router.get("/~{owner}/badge.svg") { request, context -> Response in
            let tag = request.uri.queryParameters.get("tag").flatMap { $0.isEmpty ? nil : $0 }
            return try await badge(request, filter: JobFilter(owner: context.parameters.decoded("owner"), tag: tag))
        }
        router.get("/tags/:tag/badge.svg") { request, context -> Response in
            try await badge(request, filter: JobFilter(tag: context.parameters.decoded("tag")))
        }
    }

    /// The badge of the latest public job `filter` matches, labelled `label` (its tag, or `hck`).
    func badge(_ request: Request, filter: JobFilter, label: String? = nil) async throws -> Response {
        let latest = try await pages.jobs(matching: filter, viewer: nil, before: nil, limit: 1).first
        let svg = StatusBadge(label: label ?? filter.tag ?? "hck", status: latest?.status).render().markup
        let etag = "\"\(latest.map { "\($0.id)-\($0.status.rawValue)" } ?? "none")-\(svg.utf8.count)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache, max-age=0"]
        if let asked = request.headers[.ifNoneMatch],
            asked.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "image/svg+xml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: svg)))
    }
}
