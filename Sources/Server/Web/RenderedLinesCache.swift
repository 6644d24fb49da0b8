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

        /// A batch of `update`, encoding it for the wire.
        init(update: LinesUpdate, renderer: ANSIRenderer) {
            self.update = update
            self.renderer = renderer
            data = ByteBuffer(string: ServerSentEvent.json("lines", update).dataLines + "\n")
        }
    }

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
        bytes += batch.update.html.utf8.count + batch.data.readableBytes
        while bytes > limit, oldest < order.count {
            bytes -=
                batches.removeValue(forKey: order[oldest]).map { $0.update.html.utf8.count + $0.data.readableBytes }
                ?? 0
            oldest += 1
        }
        if oldest > 1024, oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
    }
}
