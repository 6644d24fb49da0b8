public import Foundation

/// Where an ``APIClient``'s requests go when not over HTTP: tests hand requests straight to the
/// server's router (HummingbirdTesting), where a real socket is not what they test.
///
/// The transport gets each request whole, with the headers the client adds (authorization,
/// content type) already in `headers`.
public protocol APITransport: Sendable {
    /// Sends one request and answers its status, headers (keyed by lowercased name) and body.
    /// - Parameters:
    ///   - method: `GET`, `POST`…
    ///   - path: the path and query, with a leading slash.
    ///   - headers: every header to send.
    ///   - body: the body, if any.
    func exchange(method: String, path: String, headers: [String: String], body: Data?) async throws
        -> (status: Int, headers: [String: String], body: Data)
}
