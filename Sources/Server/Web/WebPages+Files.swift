import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import NIOCore
import Store
import Wire

extension WebPages {
    /// Raw logs (whole or by `Range`, streamed chunk by chunk) and artifact downloads for browsers,
    /// readable by the session's user as the API's routes are by a bearer token's.
    func addFileRoutes(to router: Router<APIRequestContext>) {
        router.get("/jobs/:id/log") { request, context -> Response in
            try await rawLog(request, context, task: nil)
        }
        router.get("/jobs/:id/tasks/:task/log") { request, context -> Response in
            try await rawLog(request, context, task: context.parameters.decoded("task"))
        }
        router.get("/jobs/:id/artifacts/:name") { request, context -> Response in
            let viewer = try await viewer(request, context)
            let job = try await jobs.readable(context.parameters.id(), by: viewer?.name)
            let name = try FieldRules.artifactName(context.parameters.decoded("name"))
            let artifact = try await environment.artifact(of: job.id, named: name)
            return try environment.artifactResponse(request, job: job.id, artifact: artifact)
        }
    }

    func rawLog(_ request: Request, _ context: APIRequestContext, task: String?) async throws -> Response {
        let viewer = try await viewer(request, context)
        let job = try await jobs.readable(context.parameters.id(), by: viewer?.name)
        if let task, !job.tasks.contains(where: { $0.name == task }) {
            throw WebError(.notFound, "Job \(job.id) has no task '\(task)'.")
        }
        let length = try await pages.logTail(id: job.id, task: task, maxBytes: 0).length
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8",
            .acceptRanges: "bytes",
            .cacheControl: "no-cache",
        ]
        let (range, status) = try ByteRange.requested(by: request, length: length, headers: &headers)
        headers[.contentLength] = String(range.count)
        let pages = self.pages
        let wanted = range
        let body = ResponseBody(contentLength: range.count) { writer in
            var offset = wanted.lowerBound
            while offset < wanted.upperBound {
                let slice = try await pages.log(id: job.id, task: task, from: offset, maxBytes: 1 << 20)
                guard slice.offset == offset, !slice.data.isEmpty else { break }
                let piece = slice.data.prefix(wanted.upperBound - offset)
                try await writer.write(ByteBuffer(bytes: piece))
                offset += piece.count
            }
            try await writer.finish(nil)
        }
        return Response(status: status, headers: headers, body: body)
    }
}
