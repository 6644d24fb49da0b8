public import Foundation
import HTTPTypes
import Hummingbird

/// A real HTTP server on loopback that records every request (method, path, headers, body) and
/// answers each with the next of its planned statuses (the last one repeated): a stand-in for an
/// API hck calls, whose requests a test checks the shape of.
package struct HTTPRecorder {
    /// One request as it arrived.
    package struct Received: Sendable {
        /// `POST`, `GET`…
        package var method: String
        /// The path with its percent-encoding as sent (`/projects/ada%2Fproject/…`).
        package var path: String
        /// The headers, by lowercase name.
        package var headers: [String: String]
        /// The body.
        package var body: Data
        /// The status it was answered with.
        package var answered: Int

        /// The body read as a JSON object (empty when it is not one).
        package var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }
    }

    package let port: Int
    package let received: AsyncStream<Received>

    /// The server's URL, e.g. `http://127.0.0.1:PORT`.
    package var url: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` while the recorder serves, answering with `statuses` in turn (then the last).
    package static func with<T>(answering statuses: [Int] = [201], _ body: (HTTPRecorder) async throws -> T)
        async throws -> T
    {
        let port = try TestServer.freePort()
        let (received, sink) = AsyncStream.makeStream(of: Received.self)
        let plan = AnswerPlan(statuses: statuses.isEmpty ? [200] : statuses)
        let router = Router()
        let record: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = await plan.next()
            sink.yield(
                Received(
                    method: request.method.rawValue,
                    path: request.uri.path,
                    headers: headers,
                    body: Data(bytes.readableBytesView),
                    answered: status
                )
            )
            return Response(
                status: HTTPResponse.Status(code: status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{}"))
            )
        }
        router.on("**", method: .post, use: record)
        router.on("**", method: .get, use: record)
        return try await servingOnLoopback(router, port: port, label: "recorder") {
            try await body(HTTPRecorder(port: port, received: received))
        }
    }

    /// The next request, or nil when none came within `limit`.
    package func next(within limit: Duration = .seconds(60)) async -> Received? {
        await withTaskGroup(of: Received?.self) { group in
            group.addTask {
                var iterator = received.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// The statuses a recorder answers with, in turn.
private actor AnswerPlan {
    var statuses: [Int]

    init(statuses: [Int]) { self.statuses = statuses }

    func next() -> Int {
        statuses.count > 1 ? statuses.removeFirst() : statuses[0]
    }
}
