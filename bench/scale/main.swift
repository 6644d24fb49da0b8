// bench/scale: submissions per second and dispatch latency (submit → a waiting runner's take returns
// the job) with 1, 2 and 3 real `hck server` processes sharing one PostgreSQL (a throw-away cluster),
// each against one server on SQLite in the same run. Clients and emulated runners talk to the servers
// directly, round robin (no load balancer); every configuration runs on fresh servers and a fresh
// database, the configurations taking turns round after round. Prints the CPU each part used.
// Run by hand: swift build -c release --product hck-bench-scale --product hck &&
//   .build/release/hck-bench-scale [--jobs 1500] [--clients 16] [--runners 6] [--samples 150] [--rounds 2]
//   [--servers 3]
import AsyncHTTPClient
import Foundation
import ServerBenchSupport
import Store
import TestSupport

let options = ScaleOptions(CommandLine.arguments.dropFirst())
let cores = ProcessInfo.processInfo.activeProcessorCount
let report = ScaleReport(cores: cores)
// Every client and runner may have a request in flight to the same server.
let http = PooledTransport.client(connections: options.clients + options.runners)
let configurations =
    [Configuration(postgres: false, servers: 1)]
    + (1...options.servers).map { Configuration(postgres: true, servers: $0) }
print(
    "bench/scale: \(options.jobs) submissions by \(options.clients) concurrent clients and \(options.samples) "
        + "dispatch samples per run, \(options.runners) emulated runners, \(options.rounds) rounds; clients and runners "
        + "spread round robin over the servers, each talking to its server directly (no load balancer)"
)
print("machine: \(cores) cores, load average \(ProcessSampler.loadAverages()) at the start")

do {
    try await PostgresTestCluster.with { cluster in
        let pidFile = cluster.directory.appendingPathComponent("data/postmaster.pid").path
        let postmaster = (try? String(contentsOfFile: pidFile, encoding: .utf8))?.split(separator: "\n").first
            .flatMap { Int32($0) }
        var outcomes: [Configuration: ScaleOutcome] = [:]
        for round in 1...options.rounds {
            for configuration in configurations {
                var database = "sqlite"
                if configuration.postgres {
                    let address = try await cluster.createDatabase()
                    database = "postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)?sslmode=disable"
                }
                let run = ScaleRun(
                    configuration: configuration,
                    database: database,
                    postmaster: configuration.postgres ? postmaster : nil,
                    options: options,
                    http: http
                )
                let outcome = try await run.run()
                report.run(round: round, configuration, outcome)
                outcomes[configuration] = (outcomes[configuration] ?? ScaleOutcome()) + outcome
            }
        }
        report.summary(
            configurations.compactMap { configuration in outcomes[configuration].map { (configuration, $0) } }
        )
    }
} catch {
    print("hck-bench-scale: \(error)")
}
print("load average \(ProcessSampler.loadAverages()) at the end")
try await http.shutdown()
