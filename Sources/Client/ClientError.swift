import Foundation
import Wire

/// Why a call to the server failed, in the terms a caller acts on (``Reason``), with the server's
/// own explanation.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    /// What happened, for a caller to match on instead of decoding HTTP statuses.
    public enum Reason: Sendable, Hashable {
        /// The server was not reached, or did not answer in time.
        case unreachable
        /// Something on this side failed (a file, a path, an answer too large to read).
        case local
        /// The request was refused as malformed or invalid (400).
        case invalid
        /// No valid token, or a revoked one (401).
        case unauthorized
        /// The token may not do this (403).
        case forbidden
        /// No such thing, or not one the caller may see (404).
        case notFound
        /// The request does not fit the current state (409).
        case conflict
        /// The thing is no longer the caller's: a runner's lost job (410).
        case gone
        /// Over a size limit (413).
        case tooLarge
        /// The server is overloaded, restarting or cannot reach its store (429, 502, 503, 504).
        case unavailable
        /// The server failed (other 5xx).
        case serverError
        /// Another status.
        case other
    }

    /// What happened.
    public var reason: Reason
    /// The HTTP status (0 when the server did not answer).
    public var status: Int
    /// The server's message, or why it was not reached.
    public var message: String
    /// Manifest diagnostics, when the server sent some.
    public var diagnostics: [String] = []
    /// What exists instead, when the server said.
    public var available: [String] = []

    /// A failure before or without an answer from the server.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.status = 0
        self.message = message
    }

    /// The error an error status means, with the server's explanation.
    public init(status: Int, message: String, diagnostics: [String] = [], available: [String] = []) {
        self.reason = Self.reason(of: status)
        self.status = status
        self.message = message
        self.diagnostics = diagnostics
        self.available = available
    }

    /// The error an error status means, with the server's explanation from its `body`
    /// (the API's ``ErrorBody``, or plain text).
    init(status: Int, answer body: Data) {
        let decoded = try? JSONDecoder.api.decode(ErrorBody.self, from: body)
        self.init(
            status: status,
            message: decoded?.error ?? String(decoding: body, as: UTF8.self),
            diagnostics: decoded?.diagnostics ?? [],
            available: decoded?.available ?? []
        )
    }

    /// Whether trying again later may work: the server was not reached, is restarting, or is
    /// overloaded. Anything else (a refused token, a job the runner no longer holds) will not
    /// change by waiting.
    public var isTransient: Bool {
        reason == .unreachable || reason == .unavailable || reason == .serverError
    }

    /// The message, then each diagnostic and what exists.
    public var description: String {
        var text = status == 0 ? message : "HTTP \(status): \(message)"
        for diagnostic in diagnostics { text += "\n  \(diagnostic)" }
        if !available.isEmpty { text += "\n  available: \(available.joined(separator: ", "))" }
        return text
    }

    static func check(_ status: Int, _ body: Data) throws {
        guard !(200..<300).contains(status) else { return }
        throw ClientError(status: status, answer: body)
    }

    private static func reason(of status: Int) -> Reason {
        switch status {
        case 400: .invalid
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 410: .gone
        case 413: .tooLarge
        case 429, 502, 503, 504: .unavailable
        case 500...599: .serverError
        default: .other
        }
    }
}
