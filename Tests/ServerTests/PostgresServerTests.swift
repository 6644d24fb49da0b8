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

/// `hck server --database postgres://…` as users run it: the real binary on a real PostgreSQL
/// server, users made by `hck admin --database`, a job submitted, claimed, logged and finished by an
/// emulated runner over HTTP, and everything found in the database afterwards.
@Suite(.postgresCluster) struct PostgresServerTests {
    @Test func hckServerKeepsItsJobsInPostgreSQL() async throws {
        let cluster = try #require(PostgresTestCluster.current)
        let address = try await cluster.createDatabase()
        let database = "postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)?sslmode=disable"
        let dir = try TemporaryDirectory()
        let data = dir.path("data")
        let alice = try await Self.admin(["create-user", "alice", "--data", data, "--database", database])
        let runner = try await Self.admin(["runner-token", "r1", "--data", data, "--database", database])

        let port = try LoopbackPort.free()
        let server = try await HckProcess(
            ["server", "--port", String(port), "--data", data, "--database", database, "--first-job-id", "7000"],
            log: URL(fileURLWithPath: dir.path("server.log"))
        )
        try await server.waitFor("listening on", timeout: .seconds(60))
        #expect(server.output.contains("jobs in postgres://postgres@127.0.0.1:\(cluster.port)/\(address.database)"))
        let base = try #require(URL(string: "http://127.0.0.1:\(port)"))
        let user = APIClient(baseURL: base, token: alice)
        let node = APIClient(baseURL: base, token: runner)

        try await node.register(TestServer.capacity)
        let submitted = try await user.submit(.hello())
        #expect(submitted.id == 7000, "--first-job-id applies to the PostgreSQL sequence")
        let job = try #require(try await node.take(wait: 5)).job
        #expect(job.id == submitted.id && job.runner == "r1")
        try await node.appendLog(job.id, task: nil, Data("booting\n".utf8))
        try await node.updateTask(job.id, task: "build", status: .running)
        try await node.appendLog(job.id, task: "build", Data("+ echo building\n".utf8))
        try await node.appendLog(job.id, task: "build", Data("building\n".utf8))
        try await node.updateTask(job.id, task: "build", status: .success)
        try await node.updateTask(job.id, task: "test", status: .success)
        #expect(try await node.finish(job.id, status: .success).status == .success)
        #expect(try await user.job(job.id).tasks.map(\.status) == [.success, .success])
        let log = try await user.exchange("GET", "/api/jobs/\(job.id)/tasks/build/log")
        #expect(String(decoding: log.body, as: UTF8.self) == "+ echo building\nbuilding\n")
        let page = try await user.exchange("GET", "/jobs/\(job.id)")
        #expect(page.status == 200 && String(decoding: page.body, as: UTF8.self).contains("building"))

        server.signal(SIGTERM)
        #expect(
            await server.exitStatus(within: .seconds(60)) == 0,
            "hck server stops cleanly on SIGTERM:\n\(server.output)"
        )
        #expect(
            !FileManager.default.fileExists(atPath: "\(data)/hck.sqlite"),
            "no SQLite file: the jobs are in PostgreSQL"
        )
        let store = try await cluster.store(on: address)
        let stored = try #require(try await store.job(id: job.id))
        #expect(stored.status == .success && stored.owner == "alice")
        #expect(try await store.log(id: job.id, task: nil, from: 0) == Data("booting\n".utf8))
        #expect(try await store.times(id: job.id).runner == "r1")
        #expect(try await store.user(named: "r1")?.role == .runner)
    }

    @Test func aBadOrUnreachableDatabaseStopsTheServerSayingWhy() async throws {
        let dir = try TemporaryDirectory()
        let bad = try await ChildProcess.run(
            try BuiltProducts.hck,
            ["server", "--data", dir.path("data"), "--database", "postgres://127.0.0.1/jobs"]
        )
        #expect(bad.status != 0)
        #expect(bad.output.contains("no user before '@'"), "\(bad.output)")

        let closed = try LoopbackPort.free()
        let unreachable = try await ChildProcess.run(
            try BuiltProducts.hck,
            [
                "server", "--port", String(try LoopbackPort.free()), "--data", dir.path("data"), "--database",
                "postgres://hck@127.0.0.1:\(closed)/jobs?sslmode=disable",
            ]
        )
        #expect(unreachable.status != 0)
        #expect(unreachable.output.contains("cannot reach PostgreSQL at 127.0.0.1:\(closed)"), "\(unreachable.output)")
        #expect(unreachable.output.lowercased().contains("refused"), "\(unreachable.output)")
    }

    @Test func serversSharingADatabaseWakeEachOthersRunners() async throws {
        try await TestServer.twoSharingPostgres { a, b, _ in
            // A runner long-polls server B; the job is submitted through server A.
            try await b.runner.register(TestServer.capacity)
            let clock = ContinuousClock()
            async let taken = b.runner.take(wait: 60)
            try await Task.sleep(for: .milliseconds(500))
            let submitted = try await a.alice.submit(.hello())
            let submittedAt = clock.now
            let job = try #require(try await taken).job
            #expect(job.id == submitted.id)
            // The long-poll lasts 60 s: an answer well before shows A's ring reached B (40 s leaves
            // room for a loaded host: 6.7 s was seen at load 9, 14.5 s at load 19).
            #expect(
                clock.now - submittedAt < .seconds(40),
                "B's runner got A's job \(clock.now - submittedAt) later"
            )

            // A cancel through A reaches the runner's heartbeat held by B.
            async let reply = b.runner.heartbeat(job.id, wait: 60)
            try await Task.sleep(for: .milliseconds(500))
            let cancelledAt = clock.now
            #expect(try await a.alice.cancel(job.id).status == .running)
            #expect(try await reply.cancel)
            #expect(clock.now - cancelledAt < .seconds(40), "the cancel reached B \(clock.now - cancelledAt) later")
            #expect(try await b.runner.finish(job.id, status: .cancelled).status == .cancelled)
            #expect(try await a.alice.job(job.id).status == .cancelled)
        }
    }

    /// A job page served by A follows a job whose runner reports to B: B's rings (a log append's
    /// `progress`, a task's and the job's `changed`) reach A's event stream, which shows the line,
    /// the statuses and the end.
    @Test func aJobPageOnOneServerFollowsARunnerOnAnother() async throws {
        try await TestServer.twoSharingPostgres { a, b, _ in
            try await b.runner.register(TestServer.capacity)
            let job = try await a.alice.submit(.web(note: "relayed", tags: ["relayed"]))
            #expect(try #require(try await b.runner.take(wait: 20)).job.id == job.id)
            async let stream = APIClient(baseURL: a.url, token: nil).exchange(
                "GET",
                "/jobs/\(job.id)/events",
                timeout: .seconds(120)
            )
            try await Task.sleep(for: .milliseconds(500))
            try await b.runner.updateTask(job.id, task: "build", status: .running)
            try await b.runner.appendLog(job.id, task: "build", Data("built through B\n".utf8))
            for task in ["build", "test", "package"] {
                try await b.runner.updateTask(job.id, task: task, status: .success)
            }
            _ = try await b.runner.finish(job.id, status: .success)
            let text = String(decoding: try await stream.body, as: UTF8.self)
            #expect(text.contains("built through B"), "\(text)")
            #expect(text.contains("task s-success"), "a job event with the tasks' statuses: \(text)")
            #expect(text.contains("event: end\n") && text.hasSuffix("data: success\n\n"), "\(text.suffix(300))")
        }
    }

    /// Runs `hck admin ARGUMENTS` and returns the token it printed (its last line).
    static func admin(_ arguments: [String]) async throws -> String {
        let result = try await ChildProcess.run(try BuiltProducts.hck, ["admin"] + arguments)
        try #require(result.status == 0, "hck admin \(arguments.joined(separator: " ")): \(result.output)")
        return try #require(result.output.split(separator: "\n").last.map(String.init))
    }
}
