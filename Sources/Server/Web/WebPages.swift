import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

/// The server-rendered web pages: job lists, job pages that follow a running job live, raw logs,
/// artifact downloads, status badges and browser sign-in. Every page works without JavaScript except
/// the live updates; every form post carries the session's CSRF token.
struct WebPages: Sendable {
    /// The API's shared state (store, doorbell, base URL).
    let environment: APIEnvironment
    /// Listings, log tails and times.
    let pages: any JobPageStore
    /// Browser sessions.
    let sessions: WebSessions
    /// How much of a log's end a job page shows (at least 128 KiB).
    var tailBytes = 192 * 1024
    /// How many jobs a listing shows at once.
    var pageSize = 25
    /// The log lines the live pages rendered lately, shared by the streams of one job.
    var renderedLines = RenderedLinesCache()

    var store: any JobStore { environment.store }

    /// The job rules.
    var jobs: JobService { environment.jobs }

    /// Registers every page route.
    func addRoutes(to router: Router<APIRequestContext>) {
        addListRoutes(to: router)
        addJobRoutes(to: router)
        addEventRoutes(to: router)
        addFileRoutes(to: router)
        addActionRoutes(to: router)
        addSubmitRoutes(to: router)
        addSessionRoutes(to: router)
        addBadgeRoutes(to: router)
        addRepositoryRoutes(to: router)
        addRunnerRoutes(to: router)
        addStaticRoutes(to: router)
    }

    /// The signed-in viewer: the session cookie's user, else the bearer token's user (which has no CSRF
    /// token) when that token may read jobs.
    func viewer(_ request: Request, _ context: APIRequestContext) async throws -> WebViewer? {
        if let cookie = request.cookies[WebSessions.cookieName],
            let session = try await sessions.session(cookie.value)
        {
            return WebViewer(name: session.user, csrf: session.csrf)
        }
        // A runner's token, or a job's token without JOBS:RO, sees the pages as nobody does.
        guard let name = try? context.reader(.readJobs) else { return nil }
        return WebViewer(name: name, csrf: "")
    }

    /// An HTML response (``SecurityHeadersMiddleware`` adds the security headers).
    func page(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: html.markup))
        )
    }

    /// A redirect after a form post.
    func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// A page that cannot be shown, rendered as an HTML error page.
struct WebError: HTTPResponseError, Sendable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// What went wrong and what to do, shown to the visitor.
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// The error page (``ErrorResponse``).
    func response(from request: Request, context: some RequestContext) throws -> Response {
        try ErrorResponse.make(status, message, for: request)
    }
}
