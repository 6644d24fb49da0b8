import Client
import Foundation
import HckCore
import Manifest
import Server
import Store
import TestSupport
import Testing
import Wire

#if canImport(Glibc)
    import Glibc
#endif

/// What two real `hck server`s sharing a PostgreSQL database do when it goes away and comes back (an
/// operator restarting it): requests are answered 503 with a sentence within seconds, the servers stay
/// up and each says once in its log what is wrong; once the database is back, requests work again within
/// seconds, a runner that could not heartbeat during the outage keeps its job, a trigger whose delivery
/// could not be recorded is fired again, and a ring (a job submitted through one server) wakes a runner
/// long-polling the other again.
@Suite(.postgresCluster) struct PostgresOutageTests {
    @Test func serversAnswer503DuringAnOutageAndRecoverWithoutRestarting() async throws {
        let cluster = try #require(PostgresTestCluster.current)
        let hold = Doorbell<Int>()
        try await WebhookListener.with(hold: hold) { listener in
            try await Self.outage(of: cluster, webhooks: listener, answering: hold)
        }
    }

    /// The test: `webhooks` holds its answers until `answering` rings.
    static func outage(
        of cluster: PostgresTestCluster,
        webhooks listener: WebhookListener,
        answering hold: Doorbell<Int>
    ) async throws {
        let address = try await cluster.createDatabase()
        let database = "postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)?sslmode=disable"
        let dir = try TemporaryDirectory()
        let alice = try await PostgresServerTests.admin([
            "create-user", "alice", "--data", dir.path("a"), "--database", database,
        ])
        let token = try await PostgresServerTests.admin([
            "runner-token", "r1", "--data", dir.path("a"), "--database", database,
        ])
        // A lease of 6 s (short, yet long enough for a loaded machine to heartbeat in time): the
        // outage below outlasts it.
        // Servers sharing a database share one secrets key.
        let key = try SecretBox.createKeyFile(at: dir.path("secrets.key")).keyFile
        let (a, urlA) = try await Self.server("a", database: database, key: key, in: dir)
        let (b, urlB) = try await Self.server("b", database: database, key: key, in: dir)
        let user = APIClient(baseURL: urlA, token: alice)
        let runner = APIClient(baseURL: urlA, token: token)
        let page = APIClient(baseURL: urlA, token: nil)

        try await runner.register(TestServer.capacity)
        // A job that ends just before the outage: its webhook is sent, and answered once the database is
        // down, so recording the delivery fails.
        let hook =
            "triggers:\n  - action: webhook\n    condition: always\n    url: http://127.0.0.1:\(listener.port)/hook\n"
        _ = try await user.submit(.hello(triggers: hook))
        let hooked = try #require(try await runner.take(wait: 5)).job
        _ = try await runner.finish(hooked.id, status: .success)
        _ = try await user.submit(.hello())
        let held = try #require(try await runner.take(wait: 5)).job
        try await runner.updateTask(held.id, task: "build", status: .running)
        #expect(await Self.first(of: listener.received, within: .seconds(15)), "the webhook was sent")

        let clock = ContinuousClock()
        try await cluster.stop(mode: "immediate")
        let stopped = clock.now
        await hold.ring(0)
        let first = try await user.exchange("GET", "/api/jobs/\(held.id)")
        let firstAnswer = clock.now - stopped
        print("PostgresOutageTests: first request after the stop answered \(first.status) in \(firstAnswer)")
        #expect(first.status == 503)
        // Within the pool's 10 s lease wait, or at once; generous for a loaded host (PostgresNIO's
        // own pool held a request 60 s).
        #expect(firstAnswer < .seconds(45))
        let error = try JSONDecoder().decode(ErrorBody.self, from: first.body).error
        #expect(error.contains("cannot reach its database"), "\(error)")
        let askedAgain = clock.now
        #expect(try await user.exchange("GET", "/api/jobs").status == 503)
        print("PostgresOutageTests: the next request answered in \(clock.now - askedAgain)")
        #expect(clock.now - askedAgain < .seconds(8), "once the outage is known, requests fail without the 10 s wait")
        let html = try await page.exchange("GET", "/jobs/\(held.id)")
        #expect(html.status == 503)
        #expect(html.headers.first { $0.key.lowercased() == "content-type" }?.value.hasPrefix("text/html") == true)
        #expect(String(decoding: html.body, as: UTF8.self).contains("cannot reach its database"))
        // The runner heartbeats on as a real one does, and hears 503, for longer than its lease.
        while clock.now - stopped < .seconds(8) {
            #expect(try await runner.exchange("POST", "/api/runner/jobs/\(held.id)/heartbeat?wait=0").status == 503)
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(a.isRunning && b.isRunning)
        #expect(a.output.contains("the database cannot be reached"), "\(a.output)")
        #expect(a.output.contains("PostgreSQL at 127.0.0.1:\(cluster.port)"), "\(a.output)")

        try await cluster.launch()
        let started = clock.now
        var back = try await user.exchange("GET", "/api/jobs/\(held.id)")
        while back.status != 200, clock.now - started < .seconds(30) {
            try await Task.sleep(for: .milliseconds(100))
            back = try await user.exchange("GET", "/api/jobs/\(held.id)")
        }
        print("PostgresOutageTests: requests answered 200 again \(clock.now - started) after the restart")
        #expect(back.status == 200, "\(String(decoding: back.body, as: UTF8.self))")
        // Give the reaper two passes: the lease ran out during the outage, but the job stays the runner's.
        // The runner heartbeats as a real one does (every half second; its lease is 6 s): the first
        // heartbeat may come after a pass of the reaper, which must not have ended the lease.
        let recovered = clock.now
        while clock.now - recovered < .seconds(7) {
            #expect(try await runner.heartbeat(held.id).cancel == false, "\(a.output)")
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(try await user.job(held.id).status == .running, "\(a.output)")
        #expect(try await runner.finish(held.id, status: .success).status == .success)
        var delivered = try await user.job(hooked.id).triggers
        while delivered.isEmpty, clock.now - started < .seconds(40) {
            try await Task.sleep(for: .milliseconds(200))
            delivered = try await user.job(hooked.id).triggers
        }
        #expect(delivered.map(\.succeeded) == [true], "the webhook was sent again and recorded: \(a.output)")

        // The relay of server B listens again: a job submitted through A wakes B's long-polling runner.
        try await b.waitFor("hearing other servers' rings again", timeout: .seconds(30))
        let runnerB = APIClient(baseURL: urlB, token: token)
        async let taken = runnerB.take(wait: 60)
        try await Task.sleep(for: .milliseconds(500))
        let submitted = try await user.submit(.hello())
        let submittedAt = clock.now
        #expect(try #require(try await taken).job.id == submitted.id)
        #expect(
            clock.now - submittedAt < .seconds(40),
            "B's runner got A's job \(clock.now - submittedAt) later (its long-poll waits 60 s)"
        )

        for server in [a, b] {
            let log = server.output
            print("PostgresOutageTests: log of \(server.log.lastPathComponent):\n\(log)")
            #expect(log.components(separatedBy: "requests get 503").count == 2, "said once:\n\(log)")
            #expect(log.contains("answers again after"), "\(log)")
            let shown = log.split(separator: "\n").filter { !$0.contains(" debug ") }
            #expect(
                !shown.contains { $0.contains("[PostgresNIO]") },
                "at the default level the pool's attempts are not logged one by one:\n\(log)"
            )
            server.signal(SIGTERM)
            async let sessions = Self.sessions(whileRunning: server, after: .seconds(20), in: cluster, address.database)
            let status = await server.exitStatus(within: .seconds(60))
            let seen = await sessions
            // At debug level the log says which service a stuck shutdown waits for; the database's
            // sessions say which query it waits on.
            #expect(
                status == 0,
                "hck server did not stop on SIGTERM:\n\(server.output.suffix(8000))\n\(seen)"
            )
        }
        #expect(
            a.output.contains("running jobs got a fresh lease") || b.output.contains("running jobs got a fresh lease")
        )
    }

    /// The database's sessions (what each waits on) when `server` still runs `limit` after it was told to
    /// stop; empty when it stopped before.
    static func sessions(
        whileRunning server: HckProcess,
        after limit: Duration,
        in cluster: PostgresTestCluster,
        _ database: String
    ) async -> String {
        let deadline = ContinuousClock.now + limit
        while server.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(200)) }
        guard server.isRunning else { return "" }
        return "its database's sessions \(limit) after SIGTERM:\n" + (await cluster.sessions(database: database))
    }

    /// Whether `stream` yields within `limit`.
    static func first<Element: Sendable>(of stream: AsyncStream<Element>, within limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { await stream.first { _ in true } != nil }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
    }

    /// Starts `hck server` on `database` with a 6 s lease and the secrets key in `key`; the process and its URL.
    static func server(_ name: String, database: String, key: String, in dir: TemporaryDirectory) async throws -> (
        HckProcess, URL
    ) {
        let port = try LoopbackPort.free()
        let server = try await HckProcess(
            [
                "server", "--port", String(port), "--data", dir.path(name), "--database", database, "--lease-seconds",
                "6", "--secrets-key-file", key, "--log-level", "debug",
            ],
            log: URL(fileURLWithPath: dir.path("\(name).log"))
        )
        try await server.waitFor("listening on", timeout: .seconds(60))
        return (server, try #require(URL(string: "http://127.0.0.1:\(port)")))
    }
}
