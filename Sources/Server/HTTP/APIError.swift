import Foundation
public import HTTPTypes
import HckCore
public import Hummingbird
import Manifest
import Store
import Wire

/// A refusal: JSON in the API's `Error` shape (`{"error": …, "diagnostics": [...], "available": [...]}`)
/// under `/api/`, an error page on the web pages (``ErrorResponse`` chooses by the route).
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong and what to do.
    public var message: String
    /// Manifest problems, one `file:line:col: error: message` each.
    public var diagnostics: [String]?
    /// What exists, when something named does not (images, arches).
    public var available: [String]?
    /// The request's field the refusal is about (`note`, `tags`, a parameter), for sr.ht's `errors`.
    public var field: String?
    /// Headers the refusal carries (`Content-Range` of a 416).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - message: what went wrong and what to do.
    ///   - diagnostics: manifest problems.
    ///   - available: what exists instead.
    ///   - field: the request's field it is about.
    public init(
        _ status: HTTPResponse.Status,
        _ message: String,
        diagnostics: [String]? = nil,
        available: [String]? = nil,
        field: String? = nil
    ) {
        self.status = status
        self.message = message
        self.diagnostics = diagnostics
        self.available = available
        self.field = field
    }

    /// JSON in the API's `Error` shape, or a page on a web route (``ErrorResponse``).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try ErrorResponse.make(
            status,
            message,
            diagnostics: diagnostics,
            available: available,
            field: field,
            headers: headers,
            for: request
        )
    }
}
