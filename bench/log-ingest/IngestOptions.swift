/// `--runners R --megabytes M --seconds S --chunk-kib K --sse N --follow F --store sqlite|postgres|both`.
struct IngestOptions {
    /// Emulated runners, each appending to its own job's log.
    var runners = 8
    /// How much every runner together appends in a round (MiB), unless `seconds` ends it first.
    var megabytes = 256
    /// The longest a round appends.
    var seconds = 60
    /// The size of each append (LogUplink batches up to 512 KiB).
    var chunkKiB = 512
    /// SSE followers (`GET /jobs/:id/events`, what the job page reads), spread over the jobs.
    var sse = 100
    /// `hck logs --follow` child processes, spread over the jobs.
    var follow = 10
    /// Which stores to run against.
    var stores = ["sqlite", "postgres"]

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            let text = iterator.next() ?? ""
            let value = Int(text) ?? 0
            switch flag {
            case "--runners": runners = max(1, value)
            case "--megabytes": megabytes = max(1, value)
            case "--seconds": seconds = max(1, value)
            case "--chunk-kib": chunkKiB = max(1, value)
            case "--sse": sse = max(0, value)
            case "--follow": follow = max(0, value)
            case "--store": stores = text == "both" ? ["sqlite", "postgres"] : [text]
            default:
                print(
                    "unknown option \(flag); use --runners, --megabytes, --seconds, --chunk-kib, --sse, --follow, --store"
                )
            }
        }
    }
}
