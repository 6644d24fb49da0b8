import Client
import Foundation
import Server
import Store
import TestSupport
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// A real `hck server` (the built binary, a child process) on a free port, with a user, and a runner
/// token for each emulated runner, issued by `hck admin`'s code on its store before it starts.
struct IngestServer {
    let process: HckProcess
    let url: String
    let userToken: String
    let runnerTokens: [String]

    /// Starts it on `database` (`sqlite` or a `postgres://` URL) with its data under `directory`.
    static func start(database: String, directory: TemporaryDirectory, runners: Int) async throws -> IngestServer {
        let data = directory.path("data")
        let tokens = try await Administration.with(
            dataDirectory: data,
            database: try StoreLocation(parsing: database)
        ) { admin in
            var tokens = [try await admin.issueToken(for: "bench", role: .user)]
            for n in 0..<runners { tokens.append(try await admin.issueToken(for: "runner-\(n)", role: .runner)) }
            return tokens
        }
        let port = try LoopbackPort.free()
        let process = try await HckProcess(
            [
                "server", "--port", String(port), "--data", data, "--database", database,
                // The followers, runners and the benchmark's own requests all come from 127.0.0.1;
                // appends go on for minutes without heartbeats.
                "--connections-per-address", "1000", "--lease-seconds", "3600",
            ],
            log: directory.url.appendingPathComponent("server.log")
        )
        try await process.waitFor("listening on", timeout: .seconds(120))
        return IngestServer(
            process: process,
            url: "http://127.0.0.1:\(port)",
            userToken: tokens[0],
            runnerTokens: Array(tokens.dropFirst())
        )
    }

    /// One job per runner, each taken by its runner.
    func takenJobs() async throws -> [EmulatedRunner] {
        let base = URL(string: url)!
        let user = APIClient(baseURL: base, token: userToken)
        var runners: [EmulatedRunner] = []
        for token in runnerTokens {
            let client = APIClient(baseURL: base, token: token)
            try await client.register(TestServer.capacity)
            _ = try await user.submit(.hello(note: "log ingest"))
            guard let assignment = try await client.take(wait: 10) else {
                throw IngestFailure("a runner was given no job:\n\(process.output)")
            }
            runners.append(
                EmulatedRunner(client: client, job: assignment.job.id, tasks: assignment.job.tasks.map(\.name))
            )
        }
        return runners
    }

    /// Stops it with SIGTERM and waits for it to exit.
    func stop() async {
        process.signal(SIGTERM)
        _ = await process.exitStatus()
    }
}
