import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import Manifest
#endif

/// A client of hck's HTTP API, used by the CLI, by runner nodes and by the tests.
///
/// It uses URLSession (FoundationNetworking, libcurl underneath on Linux): it ships with the toolchain,
/// so the CLI costs no extra build time, and every call is a plain request/response (long-polls
/// included), which is all the API needs.
public struct APIClient: Sendable {
    /// The server's URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    /// The bearer token, if any.
    public let token: String?
    let session: URLSession

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the server's URL.
    ///   - token: the bearer token.
    public init(baseURL: URL, token: String?) {
        self.baseURL = baseURL
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 330
        session = URLSession(configuration: configuration)
    }

    /// One raw exchange: the status, headers and body, whatever the status.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the path and query, e.g. `/api/jobs?x=1`.
    ///   - body: the request body.
    ///   - headers: extra headers.
    ///   - timeout: how long the server may stay silent (330 s: long-polls wait up to 300).
    public func exchange(
        _ method: String,
        _ path: String,
        body: Data? = nil,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(330)
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        var request = try makeRequest(method, path, headers: headers, hasBody: body != nil)
        request.timeoutInterval = timeout.inSeconds
        request.httpBody = body
        return try await send(request) { try await session.data(for: request) }
    }

    /// One raw exchange whose body is streamed from a file (never read into memory whole).
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the path and query.
    ///   - file: the file to send as the body.
    ///   - headers: extra headers.
    public func exchange(
        _ method: String,
        _ path: String,
        file: URL,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        let request = try makeRequest(method, path, headers: headers, hasBody: true)
        return try await send(request) { try await session.upload(for: request, fromFile: file) }
    }

    private func makeRequest(_ method: String, _ path: String, headers: [String: String], hasBody: Bool) throws -> URLRequest {
        guard let url = URL(string: path, relativeTo: baseURL) else {
            throw ClientError(status: 0, message: "'\(path)' is not a valid path on \(baseURL)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 330
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if hasBody, headers["Content-Type"] == nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return request
    }

    private func send(
        _ request: URLRequest,
        _ perform: () async throws -> (Data, URLResponse)
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await perform()
        } catch {
            throw ClientError(
                status: 0,
                message: "cannot reach \(baseURL.absoluteString): \(error.localizedDescription); is `hck server` running there (set --url, HCK_URL or 'url =' in ~/.config/hck/config)?"
            )
        }
        guard let http = response as? HTTPURLResponse else { throw ClientError(status: 0, message: "not an HTTP answer") }
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }

    /// A JSON call: encodes `body`, decodes the answer as `T`, turns an error status into ``ClientError``.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the path and query.
    ///   - body: what to send as JSON.
    ///   - type: what to decode.
    ///   - timeout: how long the server may stay silent (330 s: long-polls wait up to 300).
    public func call<T: Decodable>(
        _ method: String,
        _ path: String,
        body: (some Encodable)? = Empty?.none,
        as type: T.Type,
        timeout: Duration = .seconds(330)
    ) async throws -> T {
        let data = try body.map { try JSONEncoder.api.encode($0) }
        let answer = try await exchange(method, path, body: data, timeout: timeout)
        try ClientError.check(answer.status, answer.body)
        return try JSONDecoder.api.decode(T.self, from: answer.body)
    }

    /// An empty JSON body.
    public struct Empty: Codable, Sendable {}
}

/// An API call that failed, with the server's explanation.
public struct ClientError: Error, CustomStringConvertible, Sendable {
    /// The HTTP status (0 when the server was not reached).
    public var status: Int
    /// The server's message, or why it was not reached.
    public var message: String
    /// Manifest diagnostics, when the server sent some.
    public var diagnostics: [String] = []
    /// What exists instead, when the server said.
    public var available: [String] = []

    /// The message, then each diagnostic and what exists.
    public var description: String {
        var text = status == 0 ? message : "HTTP \(status): \(message)"
        for diagnostic in diagnostics { text += "\n  \(diagnostic)" }
        if !available.isEmpty { text += "\n  available: \(available.joined(separator: ", "))" }
        return text
    }

    static func check(_ status: Int, _ body: Data) throws {
        guard !(200..<300).contains(status) else { return }
        let decoded = try? JSONDecoder.api.decode(ErrorBody.self, from: body)
        throw ClientError(
            status: status,
            message: decoded?.error ?? String(decoding: body, as: UTF8.self),
            diagnostics: decoded?.diagnostics ?? [],
            available: decoded?.available ?? []
        )
    }
}
