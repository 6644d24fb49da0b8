public import Client
public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
public import Server
import Store

extension TestServer {
    /// Runs `body` against a server whose requests go straight to its router (HummingbirdTesting's
    /// router mode), with no socket: for tests of what the API decides, where the network is not
    /// the point. The server's services (store, lease reaper, triggers) run as in `hck server`.
    /// Streaming uploads, long-poll departures and browsers need ``with(directory:configure:attempt:_:)``.
    package static func inRouter<T: Sendable>(
        directory: TemporaryDirectory,
        configure: Configure = { _ in },
        _ body: @Sendable @escaping (TestServer) async throws -> T
    ) async throws -> T {
        var configuration = APIServer.Configuration(dataDirectory: directory.path("data"))
        configuration.baseURL = "http://hck.test"
        // Tests that are about leases set their own; the rest must not lose a job they hold without
        // heartbeats because a loaded machine made them slow (the reaper rightly ends such leases).
        configuration.leaseDuration = .seconds(600)
        configure(&configuration)
        var logger = Logger(label: "hck-test")
        logger.logLevel = .warning
        let app = try await APIServer(configuration: configuration).makeApplication(logger: logger)
        let tokens = try await issueTokens(configuration)
        let dataDirectory = configuration.dataDirectory
        let url = URL(string: configuration.baseURL ?? "http://hck.test")!
        return try await app.test(.router) { client in
            let transport = RouterTransport(client: client)
            return try await body(
                TestServer(
                    url: url,
                    alice: APIClient(transport: transport, baseURL: url, token: tokens.alice),
                    bob: APIClient(transport: transport, baseURL: url, token: tokens.bob),
                    runner: APIClient(transport: transport, baseURL: url, token: tokens.runner),
                    anonymous: APIClient(transport: transport, baseURL: url, token: nil),
                    dataDirectory: dataDirectory,
                    transport: transport
                )
            )
        }
    }
}

/// An ``APITransport`` into HummingbirdTesting's client: each request is handed to the router.
struct RouterTransport: APITransport {
    let client: any TestClientProtocol

    func exchange(method: String, path: String, headers: [String: String], body: Data?) async throws
        -> (status: Int, headers: [String: String], body: Data)
    {
        var fields = HTTPFields()
        for (name, value) in headers {
            guard let field = HTTPField.Name(name) else { throw ClientError(.local, "'\(name)' is not a header name") }
            fields.append(HTTPField(name: field, value: value))
        }
        guard let httpMethod = HTTPRequest.Method(method) else {
            throw ClientError(.local, "'\(method)' is not an HTTP method")
        }
        let answer = try await client.executeRequest(
            uri: path,
            method: httpMethod,
            headers: fields,
            body: body.map { ByteBuffer(bytes: $0) }
        )
        var answerFields: [String: String] = [:]
        for field in answer.headers {
            let key = field.name.canonicalName
            answerFields[key] = answerFields[key].map { "\($0), \(field.value)" } ?? field.value
        }
        return (Int(answer.status.code), answerFields, Data(answer.body.readableBytesView))
    }
}
