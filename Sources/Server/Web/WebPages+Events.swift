import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import NIOCore
import ServiceLifecycle
import Store
import Wire

extension WebPages {
    /// `GET /jobs/:id/events?from=o:l,…`: Server-Sent Events that follow a job — `job` when its status or
    /// tasks, artifacts, triggers or kept VM (the `ssh` command) change, `lines` with each log's new complete lines, `end` once it is final. Woken by the same
    /// doorbell that wakes log followers, so nothing polls; a `ping` every 15 s keeps proxies awake and
    /// notices a browser that left. A graceful shutdown ends the stream at once.
    func addEventRoutes(to router: Router<APIRequestContext>) {
        router.get("/jobs/:id/events") { request, context -> Response in
            let viewer = try await viewer(request, context)
            let job = try await jobs.readable(context.parameters.id(), by: viewer?.name)
            let lastEventID = HTTPField.Name("Last-Event-ID")!
            let start =
                if let resumed = request.headers[lastEventID] {
                    try LogPositions(
                        parsing: resumed,
                        count: job.tasks.count + 1,
                        parameter: RequestNumber(name: lastEventID.rawName, place: .header)
                    )
                } else {
                    try LogPositions(
                        parsing: request.uri.queryParameters.get("from"),
                        count: job.tasks.count + 1,
                        parameter: RequestNumber(name: "from", place: .query)
                    )
                }
            let body = ResponseBody { writer in
                try await follow(job.id, from: start, viewer: viewer, writer: &writer)
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/event-stream", .cacheControl: "no-store",
                    HTTPField.Name("X-Accel-Buffering")!: "no",
                ],
                body: body
            )
        }
    }

    func follow(_ id: Int64, from start: LogPositions, viewer: WebViewer?, writer: inout any ResponseBodyWriter)
        async throws
    {
        var positions = start
        var renderers = Array(repeating: ANSIRenderer(), count: positions.logs.count)
        var shown: JobUpdate?
        let doorbell = environment.dispatcher.doorbell
        while true {
            let seen = await doorbell.generation(of: .progress(id))
            let job = try await jobs.readable(id, by: viewer?.name)
            var events: [ServerSentEvent] = []
            var view = JobPageView(
                job: job,
                times: try await pages.times(id: id),
                logs: [],
                artifacts: try await store.artifacts(id: id),
                deliveries: try await store.deliveries(id: id),
                viewer: viewer,
                now: Date()
            )
            view.kept = try await jobs.keptVM(of: job)
            let update = JobUpdate(view)
            if update != shown {
                events.append(.json("job", update))
                shown = update
            }
            for index in positions.logs.indices {
                let task = index == 0 ? nil : job.tasks[index - 1]
                let complete = job.status.isFinal || task.map { $0.status == .success || $0.status == .failed } ?? false
                while let lines = try await newLines(
                    id,
                    task: task?.name,
                    index: index,
                    complete: complete,
                    positions: &positions,
                    renderer: &renderers[index]
                ) {
                    events.append(.json("lines", lines, id: positions.text))
                }
            }
            // An ended job's page follows on while its VM is kept, until the `ssh` command goes.
            let ended = job.status.isFinal && view.kept == nil
            if ended {
                events.append(ServerSentEvent(event: "end", data: job.status.rawValue, id: positions.text))
            }
            if events.isEmpty { events.append(ServerSentEvent(event: "ping", data: "", id: positions.text)) }
            try await writer.write(ByteBuffer(string: events.map(\.text).joined()))
            if ended { return }
            await environment.dispatcher.wait(for: .progress(id), after: seen, timeout: .seconds(15))
            // On shutdown the stream ends without `end`: the browser reconnects with Last-Event-ID and resumes.
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }

    /// The next batch (up to 256 KiB) of complete lines of one log, or nil when there are none yet.
    func newLines(
        _ id: Int64,
        task: String?,
        index: Int,
        complete: Bool,
        positions: inout LogPositions,
        renderer: inout ANSIRenderer
    ) async throws -> LinesUpdate? {
        let position = positions.logs[index]
        let slice = try await pages.log(id: id, task: task, from: position.offset, maxBytes: 256 * 1024)
        guard slice.offset == position.offset, !slice.data.isEmpty else { return nil }
        let (lines, consumed) = LogLines.split(
            slice.data,
            includePartial: complete && slice.length == slice.offset + slice.data.count
        )
        guard consumed > 0 else { return nil }
        let key = index == 0 ? "setup" : "t\(index)"
        let html = LogLines.render(lines, key: key, firstNumber: position.line, renderer: &renderer)
        positions.logs[index] = .init(offset: position.offset + consumed, line: position.line + lines.count)
        return LinesUpdate(
            log: key,
            html: html.markup,
            offset: position.offset + consumed,
            line: position.line + lines.count,
            size: Formatting.size(Int64(slice.length))
        )
    }
}
