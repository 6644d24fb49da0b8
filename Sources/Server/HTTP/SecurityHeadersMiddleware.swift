import HTTPTypes
import Hummingbird

/// The headers every response carries, whatever answered it (a route, a page, an error, a file):
/// no MIME sniffing, no referrer leaving the site, and a content security policy: the pages' own
/// when the response is a page, else one that lets the response load and run nothing.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The policy of the HTML pages: their own scripts, styles and images only, never framed.
    static let pagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
    /// The policy of everything else (JSON, logs, artifacts, badges): nothing loads, nothing runs.
    static let documentPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        let isPage = response.headers[.contentType]?.hasPrefix("text/html") == true
        response.headers[.contentSecurityPolicy] = isPage ? Self.pagePolicy : Self.documentPolicy
        return response
    }
}

extension HTTPField.Name {
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
