package import AsyncHTTPClient
package import Client
package import Foundation
import NIOCore
import NIOHTTP1

/// Sends an ``APIClient``'s requests over a benchmark's own HTTP client, whose pool may hold as many
/// connections to a server as the benchmark has requests in flight: the shared client's pool holds 8
/// a server, which would cap one server's concurrency at 8 but let three servers have 24.
package struct PooledTransport: APITransport {
    /// An HTTP client whose pool holds `connections` connections a server; shut it down when done.
    package static func client(connections: Int) -> HTTPClient {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10)))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    private let http: HTTPClient
    private let baseURL: URL

    /// A transport to the server at `baseURL` over `http`.
    package init(http: HTTPClient, baseURL: URL) {
        self.http = http
        self.baseURL = baseURL
    }

    package func exchange(method: String, path: String, headers: [String: String], body: Data?) async throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        var request = HTTPClientRequest(url: baseURL.absoluteString + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        // Long-polls wait up to 300 s.
        let response = try await http.execute(request, timeout: .seconds(330))
        let answer = try await response.body.collect(upTo: APIClient.answerLimit)
        return (Int(response.status.code), response.headers.fields, Data(answer.readableBytesView))
    }
}
