import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Wire

/// The one place a failure becomes a response: JSON in the API's documented `Error` shape
/// (``ErrorBody``) for programs, an HTML page for browsers (``Audience``). ``APIError``,
/// ``WebError`` and ``JobError`` all answer through it, and ``ErrorMiddleware`` turns every other
/// failure into one of them, so changing the error shape is a change to this file.
enum ErrorResponse {
    /// The response for a failure.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - message: what went wrong and what to do.
    ///   - diagnostics: manifest problems, `file:line:col: error: message` each.
    ///   - available: what exists, when something named does not.
    ///   - headers: headers the failure adds (`Allow`, `WWW-Authenticate`…).
    ///   - request: the request that failed; its path decides the audience.
    static func make(
        _ status: HTTPResponse.Status,
        _ message: String,
        diagnostics: [String]? = nil,
        available: [String]? = nil,
        field: String? = nil,
        headers: HTTPFields = [:],
        for request: Request
    ) throws -> Response {
        var response: Response
        switch Audience(path: request.uri.path) {
        case .program:
            response = Response(
                status: status,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(
                    byteBuffer: programBody(message, field: field, diagnostics: diagnostics, available: available)
                )
            )
        case .browser:
            let lines = (diagnostics ?? []) + (available.map { ["Available: \($0.joined(separator: ", "))."] } ?? [])
            let details: HTML = lines.isEmpty ? "" : "<pre>\(lines.joined(separator: "\n"))</pre>"
            let body: HTML = """
                <h1>\(String(status.code)) \(status.reasonPhrase)</h1><p class="error">\(sentence(message))</p>\(details)\
                <p><a href="/">All jobs</a></p>
                """
            response = Response(
                status: status,
                headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: PageLayout(title: status.reasonPhrase).render(body).markup))
            )
        }
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The JSON body programs get (also written by ``HTTPVersionKeeper`` for a request that is not HTTP).
    static func programBody(
        _ message: String,
        field: String? = nil,
        diagnostics: [String]? = nil,
        available: [String]? = nil
    ) -> ByteBuffer {
        let body = ErrorBody(error: message, field: field, diagnostics: diagnostics, available: available)
        // Strings and arrays of strings always encode.
        return ByteBuffer(bytes: (try? JSONEncoder.api.encode(body)) ?? Data())
    }

    /// `message` as a sentence on a page: a capital first letter and a full stop.
    static func sentence(_ message: String) -> String {
        let capitalized = message.prefix(1).uppercased() + message.dropFirst()
        return capitalized.last.map { ".!?:".contains($0) } == true ? capitalized : capitalized + "."
    }
}
