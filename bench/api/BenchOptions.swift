import ServerBenchSupport

/// `--jobs N --clients C --runners R --samples S`.
struct BenchOptions {
    let jobs, clients, runners, samples: Int

    init(_ arguments: ArraySlice<String>) {
        let flags = BenchFlags(arguments, defaults: ["jobs": 5000, "clients": 16, "runners": 4, "samples": 300])
        (jobs, clients, runners, samples) = (flags["jobs"], flags["clients"], flags["runners"], flags["samples"])
    }
}
