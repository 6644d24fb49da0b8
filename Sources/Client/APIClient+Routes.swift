public import Foundation
public import Wire

/// The client's calls by route: the method and path come from Wire's ``APIRoute``, as the server
/// registers them, instead of being written out at each call.
extension APIClient {
    /// ``call(_:_:body:as:timeout:)`` for one route's request.
    /// - Parameters:
    ///   - request: the route's request, e.g. `APIRoute.cancelJob.request(id)`.
    ///   - body: what to send as JSON.
    ///   - type: what to decode.
    ///   - timeout: how long the server may stay silent.
    public func call<T: Decodable>(
        _ request: APIRoute.Request,
        body: (some Encodable)? = Empty?.none,
        as type: T.Type,
        timeout: Duration = .seconds(330)
    ) async throws -> T {
        try await call(request.method, request.path, body: body, as: type, timeout: timeout)
    }

    /// ``exchange(_:_:body:headers:timeout:)`` for one route's request.
    /// - Parameters:
    ///   - request: the route's request.
    ///   - body: the request body.
    ///   - headers: extra headers.
    ///   - timeout: how long the whole exchange may take.
    public func exchange(
        _ request: APIRoute.Request,
        body: Data? = nil,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(330)
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        try await exchange(request.method, request.path, body: body, headers: headers, timeout: timeout)
    }

    /// ``exchange(_:_:file:headers:)`` for one route's request.
    /// - Parameters:
    ///   - request: the route's request.
    ///   - file: the file to send as the body.
    ///   - headers: extra headers.
    public func exchange(
        _ request: APIRoute.Request,
        file: URL,
        headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        try await exchange(request.method, request.path, file: file, headers: headers)
    }
}
