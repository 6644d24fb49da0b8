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

    /// The shortest time between two frames of one stream: the appends that arrive meanwhile go
    /// out together (a runner sends many small ones), at the cost of at most this much lag.
    static let frameGap = Duration.milliseconds(100)
    /// How long a stream stays silent at most: then a `ping`, and the job's times are read again.
    static let pingInterval = Duration.seconds(15)

    /// Streams a job's events from `start` until it ended (and its kept VM went), the client
    /// left or the server shuts down.
    ///
    /// Each frame reads what changed since the last: the job itself only after a `changed` ring
    /// (or a ping interval, for its times), the logs from where the stream is, skipping tasks not
    /// started and task logs sent to their end, their lines taken from ``RenderedLinesCache`` when
    /// another stream of the job rendered them already.
    func follow(_ id: Int64, from start: LogPositions, viewer: WebViewer?, writer: inout any ResponseBodyWriter)
        async throws
    {
        var positions = start
        var renderers = Array(repeating: ANSIRenderer(), count: positions.logs.count)
        // Task logs sent to their end: the runner reports a task's end after its last byte.
        var finished = Array(repeating: false, count: positions.logs.count)
        var shown: JobUpdate?
        var state: (job: Job, kept: Bool, changes: UInt64, read: ContinuousClock.Instant)?
        var lastFrame: ContinuousClock.Instant?
        let doorbell = environment.dispatcher.doorbell
        while true {
            let seen = await doorbell.generation(of: .progress(id))
            let changes = await doorbell.generation(of: .changed(id))
            // The frame: the events that follow, written at once.
            var frame = ByteBuffer()
            if state == nil || state?.changes != changes
                || ContinuousClock.now - (state?.read ?? .now) >= Self.pingInterval
            {
                let job = try await jobs.readable(id, by: viewer?.name)
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
                    frame.writeString(ServerSentEvent.json("job", update).text)
                    shown = update
                }
                state = (job, view.kept != nil, changes, .now)
            }
            guard let (job, kept, _, _) = state else { return }
            for index in positions.logs.indices where !finished[index] {
                let task = index == 0 ? nil : job.tasks[index - 1]
                // A task not started has no log yet; its start rings `changed`.
                if let task, task.status == .pending, !job.status.isFinal { continue }
                let complete = job.status.isFinal || task.map { $0.status == .success || $0.status == .failed } ?? false
                while var lines = try await newLines(
                    id,
                    task: task?.name,
                    index: index,
                    complete: complete,
                    positions: &positions,
                    renderer: &renderers[index]
                ) {
                    // The batch's data was encoded once for every stream; this one adds its place.
                    frame.writeString("event: lines\nid: \(positions.text)\n")
                    frame.writeBuffer(&lines.data)
                }
                if complete, index > 0 { finished[index] = true }
            }
            // An ended job's page follows on while its VM is kept, until the `ssh` command goes.
            let ended = job.status.isFinal && !kept
            if ended {
                frame.writeString(ServerSentEvent(event: "end", data: job.status.rawValue, id: positions.text).text)
            }
            if frame.readableBytes == 0 {
                frame.writeString(ServerSentEvent(event: "ping", data: "", id: positions.text).text)
            }
            try await writer.write(frame)
            if ended { return }
            lastFrame = .now
            await environment.dispatcher.wait(for: .progress(id), after: seen, timeout: Self.pingInterval)
            if let lastFrame, ContinuousClock.now < lastFrame + Self.frameGap {
                try? await Task.sleep(until: lastFrame + Self.frameGap)
            }
            // On shutdown the stream ends without `end`: the browser reconnects with Last-Event-ID and resumes.
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }

    /// The next batch (up to 256 KiB) of complete lines of one log, or nil when there are none yet;
    /// rendered and encoded by another stream of the job already, or read, rendered, encoded and
    /// kept for the others.
    func newLines(
        _ id: Int64,
        task: String?,
        index: Int,
        complete: Bool,
        positions: inout LogPositions,
        renderer: inout ANSIRenderer
    ) async throws -> RenderedLinesCache.Batch? {
        let position = positions.logs[index]
        let start = RenderedLinesCache.Start(
            job: id,
            log: index,
            offset: position.offset,
            line: position.line,
            renderer: renderer
        )
        if let batch = await renderedLines.batch(at: start) {
            positions.logs[index] = .init(offset: batch.update.offset, line: batch.update.line)
            renderer = batch.renderer
            return batch
        }
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
        let update = LinesUpdate(
            log: key,
            html: html.markup,
            offset: position.offset + consumed,
            line: position.line + lines.count,
            size: Formatting.size(Int64(slice.length))
        )
        let batch = RenderedLinesCache.Batch(update: update, renderer: renderer)
        await renderedLines.keep(batch, at: start)
        return batch
    }
}
