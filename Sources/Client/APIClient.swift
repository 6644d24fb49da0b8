import AsyncHTTPClient
public import Foundation
import HckCore
import Manifest
import NIOCore
import NIOFileSystem
import NIOHTTP1
import Wire

/// A client of hck's HTTP API, used by the CLI, by runner nodes and by the tests.
///
/// Every call is a plain request/response (long-polls included) over the shared AsyncHTTPClient
/// (``HTTPClient/hck``); a Swift task's cancellation ends its request at once.
public struct APIClient: Sendable {
    /// The server's URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: URL
    /// The bearer token, if any.
    public let token: String?
    /// Where requests go instead of over HTTP to ``baseURL``, if anywhere (tests).
    let transport: (any APITransport)?

    /// The largest answer read into memory: logs and artifacts that may be larger are saved with
    /// ``download(_:to:)``.
    public static let answerLimit = 256 << 20

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the server's URL.
    ///   - token: the bearer token.
    public init(baseURL: URL, token: String?) {
        self.baseURL = baseURL
        self.token = token
        self.transport = nil
    }

    /// A client whose requests go to `transport` instead of over HTTP.
    /// - Parameters:
    ///   - transport: where the requests go.
    ///   - baseURL: the server's URL, for messages and absolute links.
    ///   - token: the bearer token.
    public init(transport: any APITransport, baseURL: URL, token: String?) {
        self.baseURL = baseURL
        self.token = token
        self.transport = transport
    }

    /// One raw exchange: the status, headers and body, whatever the status.
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the path and query, e.g. `/api/jobs?x=1`.
    ///   - body: the request body.
    ///   - headers: extra headers.
    ///   - timeout: how long the whole exchange may take (330 s: long-polls wait up to 300).
    /// - Throws: ``ClientError`` with status 0 when the server was not reached or did not answer in
    ///   time; `CancellationError` when the calling task was cancelled.
    public func exchange(
        _ method: String,
        _ path: String,
        body: Data? = nil,
        headers: [String: String] = [:],
        timeout: Duration = .seconds(330)
    ) async throws -> (status: Int, headers: [String: String], body: Data) {
        if let transport {
            return try await transport.exchange(
                method: method,
                path: path,
                headers: requestHeaders(headers, hasBody: body != nil),
                body: body
            )
        }
        var request = try makeRequest(method, path, headers: headers, hasBody: body != nil)
        if let body { request.body = .bytes(body) }
        return try await send(request, deadline: .now() + TimeAmount(timeout), read: Self.wholeBody)
    }

    /// One raw exchange whose body is streamed from a file (never read into memory whole). No
    /// deadline: the upload takes what it takes, and the server may then be silent for 330 s.
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
        if transport != nil {
            // A transport takes bodies whole; the tests that use one send small files.
            let body = try await naming(file) { try Data(contentsOf: file) }
            return try await exchange(method, path, body: body, headers: headers)
        }
        var request = try makeRequest(method, path, headers: headers, hasBody: true)
        return try await naming(file) {
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(file.path)) { handle in
                request.body = .stream(handle.readChunks(), length: .known(try await handle.info().size))
                return try await send(request, deadline: .distantFuture, read: Self.wholeBody)
            }
        }
    }

    /// Saves what a GET of `path` answers into `file`, streamed (never held in memory whole): written
    /// to `file.part` and renamed when complete, so an interrupted download leaves no half file under
    /// the real name.
    /// - Parameters:
    ///   - path: the path and query.
    ///   - file: where to save the body.
    /// - Returns: the number of bytes saved.
    /// - Throws: ``ClientError`` for an error status (with the server's message), an unreachable
    ///   server, or a file that cannot be written (naming it); a failed download leaves no file.
    @discardableResult
    public func download(_ path: String, to file: URL) async throws -> Int64 {
        if transport != nil {
            let answer = try await exchange("GET", path)
            try ClientError.check(answer.status, answer.body)
            try await naming(file) { try answer.body.write(to: file) }
            return Int64(answer.body.count)
        }
        let request = try makeRequest("GET", path, headers: [:], hasBody: false)
        let part = file.appendingPathExtension("part")
        let size: Int64
        do {
            size = try await send(request, deadline: .distantFuture) { answer -> Int64 in
                let status = Int(answer.status.code)
                guard (200..<300).contains(status) else {
                    throw ClientError(
                        status: status,
                        answer: Data(try await answer.body.collect(upTo: 1 << 20).readableBytesView)
                    )
                }
                return try await naming(part) {
                    try await FileSystem.shared.withFileHandle(
                        forWritingAt: FilePath(part.path),
                        options: .newFile(replaceExisting: true)
                    ) { handle in
                        var writer = handle.bufferedWriter()
                        var written: Int64 = 0
                        for try await chunk in answer.body { written += try await writer.write(contentsOf: chunk) }
                        try await writer.flush()
                        return written
                    }
                }
            }.body
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        guard rename(part.path, file.path) == 0 else {
            throw ClientError(.local, "cannot rename \(part.path) to \(file.path): \(String(cString: strerror(errno)))")
        }
        return size
    }

    private func makeRequest(_ method: String, _ path: String, headers: [String: String], hasBody: Bool) throws
        -> HTTPClientRequest
    {
        guard let url = URL(string: path, relativeTo: baseURL), url.scheme == "http" || url.scheme == "https" else {
            throw ClientError(.local, "'\(path)' is not a valid path on \(baseURL)")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in requestHeaders(headers, hasBody: hasBody) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
        return request
    }

    /// The headers a request carries: the token, a JSON content type for a body unless `headers`
    /// name another, and `headers`.
    private func requestHeaders(_ headers: [String: String], hasBody: Bool) -> [String: String] {
        var all: [String: String] = [:]
        if let token { all["Authorization"] = "Bearer \(token)" }
        if hasBody { all["Content-Type"] = "application/json" }
        return all.merging(headers) { _, given in given }
    }

    /// Sends `request` and reads its answer with `read`; what fails on the way becomes a
    /// ``ClientError`` that says why, except a cancellation, which stays one.
    private func send<Body>(
        _ request: HTTPClientRequest,
        deadline: NIODeadline,
        read: (HTTPClientResponse) async throws -> Body
    ) async throws -> (status: Int, headers: [String: String], body: Body) {
        do {
            let answer = try await HTTPClient.hck.execute(request, deadline: deadline)
            return (Int(answer.status.code), answer.headers.fields, try await read(answer))
        } catch let error as ClientError {
            throw error
        } catch is NIOTooManyBytesError {
            throw ClientError(.local, "the answer from \(baseURL.absoluteString) is over \(Self.answerLimit >> 20) MiB")
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ClientError(.unreachable, Self.unreachable(baseURL, error))
        }
    }

    /// Why the server at `url` gave no answer, in words.
    static func unreachable(_ url: URL, _ error: any Error) -> String {
        let why: String
        switch error as? HTTPClientError {
        case .deadlineExceeded?: why = "it did not answer in time"
        case .readTimeout?: why = "it stopped answering for \(HTTPClient.hckReadTimeout.nanoseconds / 1_000_000_000) s"
        case .remoteConnectionClosed?: why = "it closed the connection without an answer"
        default:
            if let io = error as? IOError {
                why = String(cString: strerror(io.errnoCode)).lowercased()
            } else {
                why = String(describing: error)
            }
        }
        return
            "cannot reach \(url.absoluteString): \(why); is `hck server` running there (set --url, HCK_URL or 'url =' in ~/.config/hck/config)?"
    }

    /// Reads an answer's whole body, up to ``answerLimit``.
    private static func wholeBody(of answer: HTTPClientResponse) async throws -> Data {
        Data(try await answer.body.collect(upTo: answerLimit).readableBytesView)
    }

    /// Runs `body`, turning a failure to open, read or write `file` into a ``ClientError`` naming it.
    private func naming<T>(_ file: URL, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as FileSystemError {
            throw ClientError(.local, "\(file.path): \(error.message)")
        }
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
