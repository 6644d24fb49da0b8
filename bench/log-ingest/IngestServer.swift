import Client
import Foundation
import ServerBenchSupport
import TestSupport
import Wire

/// The server of a round: a real `hck server` with a user, and a runner token for each emulated runner.
struct IngestServer {
    let server: BenchServer
    let tokens: BenchTokens

    var process: HckProcess { server.process }
    var url: String { server.url.absoluteString }
    var userToken: String { tokens.user }

    /// Starts it on `database` (`sqlite` or a `postgres://` URL) with its data under `directory`.
    static func start(database: String, directory: TemporaryDirectory, runners: Int) async throws -> IngestServer {
        let data = directory.path("data")
        let tokens = try await BenchTokens.issue(dataDirectory: data, database: database, runners: runners)
        let server = try await BenchServer.start(
            database: database,
            data: data,
            log: directory.url.appendingPathComponent("server.log"),
            // The followers, runners and the benchmark's own requests all come from 127.0.0.1;
            // appends go on for minutes without heartbeats.
            arguments: ["--connections-per-address", "1000", "--lease-seconds", "3600"]
        )
        return IngestServer(server: server, tokens: tokens)
    }

    /// One job per runner, each taken by its runner.
    func takenJobs() async throws -> [EmulatedRunner] {
        let user = APIClient(baseURL: server.url, token: tokens.user)
        var runners: [EmulatedRunner] = []
        for token in tokens.runners {
            let client = APIClient(baseURL: server.url, token: token)
            try await client.register(TestServer.capacity)
            _ = try await user.submit(.hello(note: "log ingest"))
            guard let assignment = try await client.take(wait: 10) else {
                throw BenchFailure("a runner was given no job:\n\(process.output)")
            }
            runners.append(
                EmulatedRunner(client: client, job: assignment.job.id, tasks: assignment.job.tasks.map(\.name))
            )
        }
        return runners
    }

    /// Stops it with SIGTERM and waits for it to exit.
    func stop() async {
        await server.stop()
    }
}
