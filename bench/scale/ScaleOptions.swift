import ServerBenchSupport

/// `--jobs N`: submissions in each run's burst, by `--clients C` concurrent submitters; `--runners R`
/// emulated runners; `--samples S` dispatch samples each run (clients and runners spread over the
/// servers); `--rounds K`: how many times every configuration runs, the configurations taking turns;
/// `--servers M`: the most PostgreSQL servers (1 up to M).
struct ScaleOptions {
    let jobs, clients, runners, samples, rounds, servers: Int

    init(_ arguments: ArraySlice<String>) {
        let flags = BenchFlags(
            arguments,
            defaults: ["jobs": 1500, "clients": 16, "runners": 6, "samples": 150, "rounds": 2, "servers": 3]
        )
        (jobs, clients, runners, samples) = (flags["jobs"], flags["clients"], flags["runners"], flags["samples"])
        (rounds, servers) = (flags["rounds"], flags["servers"])
    }
}
