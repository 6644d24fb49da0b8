// bench/log-ingest: the server alone taking runners' log appends at full speed, on SQLite then on
// PostgreSQL (a throw-away cluster), first with nobody reading, then while 100 SSE followers (the job
// page's event stream) and 10 `hck logs --follow` read every log. Prints MB/s stored, the followers'
// lag, whether they got every byte, the server's memory and the load, next to issue 19's goals.
// Run by hand: swift build -c release --product hck-bench-log-ingest --product hck &&
//   .build/release/hck-bench-log-ingest [--runners 8] [--megabytes 256] [--seconds 60] [--chunk-kib 512]
//   [--sse 100] [--follow 10] [--store sqlite|postgres|both]
import AsyncHTTPClient
import Foundation
import NIOCore
import ServerBenchSupport
import Store
import TestSupport

let options = IngestOptions(CommandLine.arguments.dropFirst())
var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10)))
configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = options.sse + 16
let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
print(
    "\(options.runners) runners appending \(options.megabytes) MiB in \(options.chunkKiB) KiB chunks "
        + "(at most \(options.seconds) s); load average \(ProcessSampler.load()) at the start"
)

/// Runs both rounds (appends alone, then with followers) on one store.
func rounds(
    _ name: String,
    options: IngestOptions,
    http: HTTPClient,
    database: @Sendable () async throws -> String,
    goal: Double
) async throws {
    for (sse, follow) in [(0, 0), (options.sse, options.follow)] {
        let round = IngestRound(options: options, database: try await database(), sse: sse, follow: follow, http: http)
        let label = sse + follow == 0 ? "\(name), appends alone" : "\(name), with \(sse) SSE + \(follow) follow"
        IngestReport(label: label, outcome: try await round.run(), goal: goal).print()
    }
}

do {
    if options.stores.contains("sqlite") {
        try await rounds("SQLite", options: options, http: http, database: { "sqlite" }, goal: 100)
    }
    if options.stores.contains("postgres") {
        try await PostgresTestCluster.with { cluster in
            try await rounds(
                "PostgreSQL",
                options: options,
                http: http,
                database: {
                    let address = try await cluster.createDatabase()
                    return "postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)?sslmode=disable"
                },
                goal: 50
            )
        }
    }
} catch {
    print("hck-bench-log-ingest: \(error)")
}
try await http.shutdown()
