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
    /// The most of one log a stream sends in a frame: 1.25 MiB/s at ten frames a second, so that a
    /// hundred pages following fast logs cost the server a bounded amount, however fast runners send.
    static let frameBytes = 128 << 10
    /// How far a stream may fall behind a log's end before it skips to the log's tail: a page cannot
    /// show a log as fast as runners may send it, and its lines would come ever later.
    static let liveWindow = 1 << 20
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
            // The frame: the events that follow, written at once; a batch of lines goes in as the
            // buffer every stream of the job shares, not copied.
            var frame: [ByteBuffer] = []
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
                    frame.append(ByteBuffer(string: ServerSentEvent.json("job", update).text))
                    shown = update
                }
                state = (job, view.kept != nil, changes, .now)
            }
            guard let (job, kept, _, _) = state else { return }
            // Whether a log has lines the stream has not sent yet: the next frame comes without a ring.
            var behind = false
            for index in positions.logs.indices where !finished[index] {
                let task = index == 0 ? nil : job.tasks[index - 1]
                // A task not started has no log yet; its start rings `changed`.
                if let task, task.status == .pending, !job.status.isFinal { continue }
                let complete = job.status.isFinal || task.map { $0.status == .success || $0.status == .failed } ?? false
                let (events, drained) = try await nextLines(
                    id,
                    task: task?.name,
                    index: index,
                    complete: complete,
                    positions: &positions,
                    renderer: &renderers[index]
                )
                frame += events
                if !drained {
                    behind = true
                } else if complete, index > 0 {
                    finished[index] = true
                }
            }
            // An ended job's page follows on while its VM is kept, until the `ssh` command goes.
            let ended = job.status.isFinal && !kept && !behind
            if ended {
                frame.append(
                    ByteBuffer(
                        string: ServerSentEvent(event: "end", data: job.status.rawValue, id: positions.text).text
                    )
                )
            }
            if frame.isEmpty {
                frame.append(ByteBuffer(string: ServerSentEvent(event: "ping", data: "", id: positions.text).text))
            }
            try await writer.write(contentsOf: frame)
            if ended { return }
            lastFrame = .now
            if !behind {
                await environment.dispatcher.wait(for: .progress(id), after: seen, timeout: Self.pingInterval)
            }
            if let lastFrame, ContinuousClock.now < lastFrame + Self.frameGap {
                try? await Task.sleep(until: lastFrame + Self.frameGap)
            }
            // On shutdown the stream ends without `end`: the browser reconnects with Last-Event-ID and resumes.
            if Task.isShuttingDownGracefully || Task.isCancelled { return }
        }
    }

    /// The events that carry one log's next lines in a frame: one batch (at most ``frameBytes``),
    /// or, when the stream is more than ``liveWindow`` behind the log's end, the note that it skipped
    /// to the tail and the tail's first batch. `drained` says whether the stream had sent every
    /// complete line the log holds (nothing new was found).
    func nextLines(
        _ id: Int64,
        task: String?,
        index: Int,
        complete: Bool,
        positions: inout LogPositions,
        renderer: inout ANSIRenderer
    ) async throws -> (events: [ByteBuffer], drained: Bool) {
        var events: [ByteBuffer] = []
        let before = positions.logs[index]
        var skipped = false
        while let lines = try await newLines(
            id,
            task: task,
            index: index,
            complete: complete,
            positions: &positions,
            renderer: &renderer
        ) {
            if !skipped, lines.length - lines.update.offset > Self.liveWindow {
                // The batch is not sent: the skip starts where the stream was, and the tail follows it.
                skipped = true
                positions.logs[index] = before
                let marker = try await jumpToTail(
                    id,
                    task: task,
                    index: index,
                    length: lines.length,
                    positions: &positions,
                    renderer: &renderer
                )
                events += [ByteBuffer(string: "event: lines\nid: \(positions.text)\n"), marker]
                continue
            }
            // The batch's data was encoded once for every stream; this one adds its place. Drained
            // only once a read finds nothing new: a batch another stream rendered may be old.
            events += [ByteBuffer(string: "event: lines\nid: \(positions.text)\n"), lines.data]
            return (events, false)
        }
        return (events, true)
    }

    /// Moves a stream that fell behind to near the end of a log (`length` bytes when last read) and
    /// returns the `lines` event's data that says so on the page: what was skipped and a link to the
    /// raw log. The place is the one another stream of the job went to lately when that is still
    /// near the end, so that their batches from there are rendered once; otherwise the last
    /// `tailBytes` (where a page loaded now would start). The renderer starts over in the default
    /// style, as a page does.
    func jumpToTail(
        _ id: Int64,
        task: String?,
        index: Int,
        length: Int,
        positions: inout LogPositions,
        renderer: inout ANSIRenderer
    ) async throws -> ByteBuffer {
        let from = positions.logs[index]
        var target = await renderedLines.jumpTarget(job: id, log: index)
        if target.map({ $0.offset <= from.offset || length - $0.offset > Self.liveWindow / 2 }) ?? true {
            let (offset, number, _) = try await pages.logTail(id: id, task: task, maxBytes: tailBytes)
                .fromFirstWholeLine
            target = .init(offset: offset, line: number)
            await renderedLines.keepJumpTarget(.init(offset: offset, line: number), job: id, log: index)
        }
        if let target, target.offset > from.offset {
            positions.logs[index] = .init(offset: target.offset, line: target.line)
            renderer = ANSIRenderer()
        }
        let to = positions.logs[index]
        let marker = LogView.skipped(
            bytes: to.offset - from.offset,
            lines: from.line..<to.line,
            rawURL: LogView.rawURL(job: id, task: task)
        )
        return LinesUpdate(
            log: LogView.key(log: index),
            html: Array(marker.markup.utf8),
            offset: to.offset,
            line: to.line,
            size: Formatting.size(Int64(length))
        ).dataField
    }

    /// The next batch (up to ``frameBytes``, or one longer line) of complete lines of one log, or
    /// nil when there are none yet; rendered and encoded by another stream of the job already, or
    /// read, rendered, encoded and kept for the others, with the batches after it in what was read.
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
        let slice = try await pages.log(id: id, task: task, from: position.offset, maxBytes: Self.frameBytes)
        guard slice.offset == position.offset, !slice.data.isEmpty else { return nil }
        let key = LogView.key(log: index)
        // A store reads whole chunks up to about what was asked: when that much came, the log may be
        // much longer, and how much longer says whether a stream this far back skips ahead.
        let length =
            slice.data.count * 2 >= Self.frameBytes
            ? max(slice.offset + slice.data.count, try await pages.logLength(id: id, task: task))
            : slice.offset + slice.data.count
        // All of what was read (a runner's uplink sends up to 512 KiB at once) is rendered, a frame's
        // worth a batch, and kept: the next frames of every stream of the job take it from the cache
        // instead of reading the chunk again.
        var first: RenderedLinesCache.Batch?
        var from = (offset: position.offset, line: position.line, renderer: renderer)
        var rest = slice.data
        while !rest.isEmpty {
            let piece = LogLines.wholeLines(of: rest, upTo: Self.frameBytes)
            var after = from.renderer
            let lines = LogLines.render(
                piece,
                includePartial: complete && from.offset + piece.count == length,
                key: key,
                firstNumber: from.line,
                renderer: &after
            )
            guard lines.consumed > 0 else { break }
            let update = LinesUpdate(
                log: key,
                html: lines.html,
                offset: from.offset + lines.consumed,
                line: from.line + lines.count,
                size: Formatting.size(Int64(length))
            )
            let batch = RenderedLinesCache.Batch(update: update, renderer: after, length: length)
            await renderedLines.keep(
                batch,
                at: .init(job: id, log: index, offset: from.offset, line: from.line, renderer: from.renderer)
            )
            first = first ?? batch
            from = (update.offset, update.line, after)
            rest = rest.dropFirst(lines.consumed)
        }
        guard let first else { return nil }
        positions.logs[index] = .init(offset: first.update.offset, line: first.update.line)
        renderer = first.renderer
        return first
    }
}
