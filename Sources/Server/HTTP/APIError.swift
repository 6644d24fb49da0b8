import Foundation
public import HTTPTypes
import HckCore
public import Hummingbird
import Manifest
import Store
import Wire

/// An API failure sent as JSON: `{"error": …, "diagnostics": [...], "available": [...]}`.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong and what to do.
    public var message: String
    /// Manifest problems, one `file:line:col: error: message` each.
    public var diagnostics: [String]?
    /// What exists, when something named does not (images, arches).
    public var available: [String]?

    /// Creates an error.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - message: what went wrong and what to do.
    ///   - diagnostics: manifest problems.
    ///   - available: what exists instead.
    public init(
        _ status: HTTPResponse.Status,
        _ message: String,
        diagnostics: [String]? = nil,
        available: [String]? = nil
    ) {
        self.status = status
        self.message = message
        self.diagnostics = diagnostics
        self.available = available
    }

    /// The JSON body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: message, diagnostics: diagnostics, available: available)
        var response = try JSONEncoder().encode(body, from: request, context: context)
        response.status = status
        return response
    }
}
