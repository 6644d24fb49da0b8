public import AsyncHTTPClient
import Client
public import Foundation
import HckCore
import NIOCore
import NIOHTTP1
import Server
import Store
import Wire

/// A browser-like HTTP client for page tests: it keeps no cookies and follows no redirects by itself,
/// so a test sees every `Set-Cookie` and `Location` and decides what to send.
package final class WebClient: Sendable {
    package let baseURL: URL

    /// One client for every page test (it lives as long as the test process).
    package static let http = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow)
    )

    package init(baseURL: URL) {
        self.baseURL = baseURL
    }

    package struct Answer {
        package var status: Int
        package var headers: [String: String]
        package var body: Data
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One exchange; `form` is sent URL-encoded.
    package func send(
        _ method: String,
        _ path: String,
        cookie: String? = nil,
        form: [String: String]? = nil,
        headers: [String: String] = [:]
    ) async throws
        -> Answer
    {
        var request = HTTPClientRequest(url: URL(string: path, relativeTo: baseURL)!.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        if let cookie { request.headers.replaceOrAdd(name: "Cookie", value: cookie) }
        if let form {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(
                Data(
                    form.map {
                        "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                    }
                    .joined(separator: "&").utf8
                )
            )
        }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await Self.http.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Answer(
            status: Int(response.status.code),
            headers: response.headers.fields,
            body: Data(body.readableBytesView)
        )
    }
}
