import NIOCore

/// The log lines live pages were last sent, rendered and encoded, shared by every page that follows
/// the same job: a dozen browsers on one running job read, render and encode each new piece of its
/// log once, not a dozen times (bench/log-ingest). A batch is keyed by where it starts (the job, the log, the
/// byte offset, the line number and the renderer's style there), so a page that reaches the same
/// place takes it as it is and reads on from its end. It holds at most ``limit`` bytes of
/// rendered and encoded lines and forgets the oldest batches first.
actor RenderedLinesCache {
    /// Where a batch starts.
    struct Start: Hashable {
        var job: Int64
        /// 0 for the setup log, then the tasks in order.
        var log: Int
        var offset: Int
        var line: Int
        /// The style the lines before left the renderer in.
        var renderer: ANSIRenderer
    }

    /// A batch: the event that carries it, that event's `data:` field as sent, and the renderer's
    /// style after it.
    struct Batch: Sendable {
        var update: LinesUpdate
        /// `data: {…}\n\n`: the JSON of ``update`` and the event's end, encoded once for every
        /// stream that sends it (a stream writes its own `event:` and `id:` lines before it).
        var data: ByteBuffer
        var renderer: ANSIRenderer
        /// The log's length when the batch was read: how far behind a stream that sends it is.
        var length: Int

        /// A batch of `update`, encoding it for the wire.
        init(update: LinesUpdate, renderer: ANSIRenderer, length: Int) {
            self.update = update
            self.renderer = renderer
            self.length = length
            data = update.dataField
        }
    }

    /// Where streams that fell behind a log skip to (``WebPages/jumpToTail``): a line's offset and number.
    struct JumpTarget: Sendable {
        var offset: Int
        var line: Int
    }

    /// A job's log: 0 for the setup log, then the tasks in order.
    private struct LogKey: Hashable {
        var job: Int64
        var log: Int
    }

    /// The last place a stream of each log skipped to; forgotten all at once past 4096 logs.
    private var jumpTargets: [LogKey: JumpTarget] = [:]

    /// The most rendered bytes kept.
    let limit: Int
    private var batches: [Start: Batch] = [:]
    /// The starts in the order they were kept; those before `oldest` are forgotten.
    private var order: [Start] = []
    private var oldest = 0
    private var bytes = 0

    /// A cache keeping at most `limit` bytes of rendered and encoded lines (32 MiB unless told).
    init(limit: Int = 32 << 20) {
        self.limit = limit
    }

    /// The batch that starts at `start`, if a page rendered it lately.
    func batch(at start: Start) -> Batch? {
        batches[start]
    }

    /// Keeps a batch for the pages that reach `start` next, forgetting the oldest beyond ``limit``.
    func keep(_ batch: Batch, at start: Start) {
        guard batches.updateValue(batch, forKey: start) == nil else { return }
        order.append(start)
        bytes += batch.update.html.count + batch.data.readableBytes
        while bytes > limit, oldest < order.count {
            bytes -=
                batches.removeValue(forKey: order[oldest]).map { $0.update.html.count + $0.data.readableBytes }
                ?? 0
            oldest += 1
        }
        if oldest > 1024, oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
    }

    /// Where a stream of the log skipped to last, if one did.
    func jumpTarget(job: Int64, log: Int) -> JumpTarget? {
        jumpTargets[LogKey(job: job, log: log)]
    }

    /// Keeps where a stream of the log skipped to, for the streams that fall behind next.
    func keepJumpTarget(_ target: JumpTarget, job: Int64, log: Int) {
        if jumpTargets.count >= 4096 { jumpTargets.removeAll() }
        jumpTargets[LogKey(job: job, log: log)] = target
    }
}
