import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import NIOCore
import Store
import Wire

extension APIEnvironment {
    /// Logs: whole, by `Range: bytes=a-b`, or followed (`?offset=N&wait=S` answers as soon as bytes
    /// past N exist or the job ends, with at most 4 MiB from N). `X-Hck-Job-Status` and `X-Hck-Log-Length` tell a follower where it is.
    func addLogRoutes(to router: Router<APIRequestContext>) {
        router.on(.jobLog) { request, context -> Response in
            try await logResponse(request, context: context, task: nil)
        }
        router.on(.taskLog) { request, context -> Response in
            try await logResponse(request, context: context, task: context.parameters.require("task"))
        }
    }

    /// The most a follower's answer (`?offset=N`) carries.
    static let followBytes = 4 << 20

    func logResponse(_ request: Request, context: APIRequestContext, task: String?) async throws -> Response {
        let id = try context.parameters.id()
        // Read the doorbell's generation before the job: a status change or end rung between the
        // two reads must wake the wait below, not be slept through until the timeout.
        let seen = await dispatcher.doorbell.generation(of: .progress(id))
        var job = try await jobs.readable(id, by: context.reader(.readLogs))
        if let task, !job.tasks.contains(where: { $0.name == task }) {
            throw APIError(.notFound, "job \(id) has no task '\(task)'", available: job.tasks.map(\.name))
        }
        // Any position past the end only waits for more (followers use a far one); nothing adds to it.
        let following = try request.integer(query: "offset", in: 0...Int.max)
        let offset = following ?? 0
        let wait = try request.seconds(absent: 0, in: 0...60)
        var length = try await store.logLength(id: id, task: task)
        if length <= offset, wait > .zero, !job.status.isFinal {
            await dispatcher.wait(for: .progress(id), after: seen, timeout: wait)
            length = try await store.logLength(id: id, task: task)
            job = try await jobs.readable(id, by: context.reader(.readLogs))
        }
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            .acceptRanges: "bytes",
            HTTPField.Name(HeaderName.jobStatus): job.status.rawValue,
            HTTPField.Name(HeaderName.logLength): String(length),
        ]
        if let task, let status = job.tasks.first(where: { $0.name == task })?.status {
            headers[HTTPField.Name(HeaderName.taskStatus)] = status.rawValue
        }
        if let range = request.headers[.range] {
            let bytes = try ByteRange(resolving: range, length: length)
            headers[.contentRange] = "bytes \(bytes.range.lowerBound)-\(bytes.range.upperBound)/\(length)"
            let slice = try await store.log(id: id, task: task, from: bytes.range.lowerBound).prefix(bytes.range.count)
            return Response(
                status: .partialContent,
                headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: slice))
            )
        }
        // A follower (`offset` given) gets at most `followBytes` an answer and asks again for the
        // rest, which X-Hck-Log-Length shows: a long log is not held in memory whole per follower.
        let body: Data
        if offset >= length {
            body = Data()
        } else if following != nil {
            let slice = try await store.log(id: id, task: task, from: offset, maxBytes: Self.followBytes)
            body = slice.data.prefix(min(length - offset, Self.followBytes))
        } else {
            body = try await store.log(id: id, task: task, from: offset).prefix(length - offset)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
