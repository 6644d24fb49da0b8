import Client
import Foundation
import Server
import Store
import TestSupport
import Testing

/// The README's scale-out set-up on one host, as real processes: one PostgreSQL database, three
/// `hck server` processes sharing it and one secrets key file behind a loopback nginx (round robin),
/// and runner nodes that talk to nginx, each with its own work folder and token.
struct ScaleCluster {
    let bed: NodeTestBed
    /// The servers' `--database`.
    let database: String
    let secretsKeyFile: String
    /// Each server's port and data directory (kept across a restart).
    let servers: [(port: Int, data: String)]
    /// Alice's token, and each runner's by name.
    let userToken: String
    let runnerTokens: [String: String]
    /// How long a runner's lease lasts without a heartbeat: short, so a killed runner's jobs end soon.
    static let leaseSeconds = 15

    /// Makes the database, the key and the tokens (nothing runs yet).
    static func make(bed: NodeTestBed, cluster: PostgresTestCluster, servers: Int, runners: [String]) async throws
        -> ScaleCluster
    {
        let address = try await cluster.createDatabase()
        let database = "postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)?sslmode=disable"
        let key = try SecretBox.createKeyFile(at: bed.directory.path("secrets.key")).keyFile
        let data = (0..<servers).map { bed.directory.path("server\($0 + 1)") }
        let tokens = try await Administration.with(dataDirectory: data[0], database: .postgres(address)) { admin in
            var runnerTokens: [String: String] = [:]
            for name in runners { runnerTokens[name] = try await admin.issueToken(for: name, role: .runner) }
            return (user: try await admin.issueToken(for: "alice", role: .user), runners: runnerTokens)
        }
        return ScaleCluster(
            bed: bed,
            database: database,
            secretsKeyFile: key,
            servers: try data.map { (port: try TestServer.freePort(), data: $0) },
            userToken: tokens.user,
            runnerTokens: tokens.runners
        )
    }

    /// Starts server `index` (again, after a kill: same port, same data directory) and waits until it listens.
    func startServer(_ index: Int) async throws -> HckProcess {
        let (port, data) = servers[index]
        let server = try await HckProcess(
            [
                "server", "--data", data, "--port", String(port), "--database", database, "--secrets-key-file",
                secretsKeyFile, "--first-job-id", String(bed.firstJobID), "--lease-seconds", String(Self.leaseSeconds),
            ],
            environment: bed.environment,
            log: bed.directory.url.appendingPathComponent("server\(index + 1)-\(UUID().uuidString.prefix(4)).log")
        )
        try await server.waitFor("listening", timeout: .seconds(120))
        return server
    }

    /// Starts the runner `name` with `slots` slots, talking to `url` (nginx), its guests allowed to
    /// reach `recorder`; waits until it registered.
    func startRunner(_ name: String, slots: Int, url: URL, recorder: TaskRecorder) async throws -> HckProcess {
        let token = try #require(runnerTokens[name])
        let runner = try await HckProcess(
            ["runner", "--server", url.absoluteString, "--token", token, "--slots", String(slots)]
                + bed.runnerArguments(workDirectory: workDirectory(of: name)) + recorder.guestForward,
            environment: bed.environment,
            log: bed.directory.url.appendingPathComponent("\(name).log")
        )
        try await runner.waitFor("registered with", timeout: .seconds(120))
        return runner
    }

    /// The runner's work folder.
    func workDirectory(of runner: String) -> URL {
        bed.work.appendingPathComponent(runner)
    }

    /// The jobs whose VMs the runner made and had not removed (its overlay folders, `hck-job-ID`).
    func jobsWithVMs(of runner: String) -> Set<Int64> {
        let overlays = workDirectory(of: runner).appendingPathComponent("overlays")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: overlays.path)) ?? []
        return Set(
            entries.compactMap { $0.hasPrefix("hck-job-") ? Int64($0.dropFirst(8).prefix { $0.isNumber }) : nil }
        )
    }

    /// A client of server `index` itself, not through nginx.
    func client(ofServer index: Int) -> APIClient {
        APIClient(baseURL: URL(string: "http://127.0.0.1:\(servers[index].port)")!, token: userToken)
    }
}
