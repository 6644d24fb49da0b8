import Client
public import Foundation
import HckCore
import Logging
import PostgresNIO
import Server
public import Store
import Wire

/// A throw-away PostgreSQL server for tests: `initdb` into a temporary directory, `pg_ctl start` on a
/// free 127.0.0.1 port (its unix socket in that directory too), stopped and removed afterwards. As
/// root, the server runs as the `postgres` user (PostgreSQL refuses root). Each store gets a fresh
/// database, dropped with the cluster.
package final class PostgresTestCluster: Sendable {
    /// The cluster of the running suite (set by ``PostgresClusterTrait``).
    @TaskLocal package static var current: PostgresTestCluster?

    package let directory: URL
    package let port: Int
    package let binaries: String
    private let stores: AsyncStream<PostgresJobStore>
    private let storeArrived: AsyncStream<PostgresJobStore>.Continuation
    private let logger = {
        var logger = Logger(label: "hck-test-postgres")
        logger.logLevel = .error
        return logger
    }()

    private init(directory: URL, port: Int, binaries: String) {
        self.directory = directory
        self.port = port
        self.binaries = binaries
        (stores, storeArrived) = AsyncStream.makeStream(of: PostgresJobStore.self)
    }

    /// Starts a cluster, runs `body` with it (and the connection pools of the stores it made), then
    /// stops the cluster and removes its files. Fails saying what is missing when PostgreSQL is not installed.
    package static func with(_ body: (PostgresTestCluster) async throws -> Void) async throws {
        let binaries = try findBinaries()
        // Under /tmp whatever $TMPDIR says: the postgres user must reach it, and the socket path must stay short.
        let directory = URL(fileURLWithPath: "/tmp/hck-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        if getuid() == 0 {
            try FileManager.default.setAttributes(
                [.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"],
                ofItemAtPath: directory.path
            )
        }
        var starting = PostgresTestCluster(directory: directory, port: try LoopbackPort.free(), binaries: binaries)
        try await starting.initialize()
        // The port was free when picked, but a parallel test may bind it first: then another port.
        for attempt in 1... {
            do {
                try await starting.launch()
                break
            } catch  where attempt < 3 {
                print("PostgresTestCluster: start on port \(starting.port) failed, trying another port: \(error)")
                starting = PostgresTestCluster(directory: directory, port: try LoopbackPort.free(), binaries: binaries)
            }
        }
        let cluster = starting
        // Unstructured, so that a pool that does not stop cannot hold up the run: once, in CI's
        // proxy, a suite's tests had all passed and its end waited on its stores' pools for over
        // twenty minutes, with no connection left open (not yet understood).
        let stores = Task { await cluster.runStores() }
        let result: Result<Void, any Error>
        do {
            result = .success(try await body(cluster))
        } catch {
            result = .failure(error)
        }
        cluster.storeArrived.finish()
        // Then the server: every connection still open ends with it, so the pools have nothing to wait for.
        stores.cancel()
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/postmaster.pid").path) {
            try await cluster.stop()
        }
        if await !ends(stores, within: .seconds(60)) {
            print(
                "PostgresTestCluster: the stores' connection pools did not stop within 60 s of their cancellation; left running"
            )
        }
        try result.get()
    }

    /// Whether `task` ends within `limit`; one that does not is left running.
    private static func ends(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let (outcome, settle) = AsyncStream.makeStream(of: Bool.self)
        Task {
            await task.value
            settle.yield(true)
        }
        let timer = Task {
            try? await Task.sleep(for: limit)
            settle.yield(false)
        }
        var first = outcome.makeAsyncIterator()
        let ended = await first.next() ?? false
        timer.cancel()
        settle.finish()
        return ended
    }

    /// The newest PostgreSQL server programs Debian installed (`/usr/lib/postgresql/VERSION/bin`).
    private static func findBinaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
            .sorted()
        guard
            let version = versions.last(where: {
                FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb")
            })
        else {
            throw StoreError(
                .unreachable,
                "the PostgreSQL store tests need a PostgreSQL server: no \(root)/*/bin/initdb; install Debian's "
                    + "postgresql package (`make deps` does, from scripts/deps.d/server.txt)"
            )
        }
        return "\(root)/\(version)/bin"
    }

    /// Runs a server program, as the `postgres` user when this process is root.
    private func run(_ program: String, _ arguments: [String]) async throws {
        let (status, output) = try await output(of: program, arguments)
        guard status == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
            throw StoreError(
                .unreachable,
                "\(program) \(arguments.joined(separator: " ")) exited \(status):\n\(output)\n\(log)"
            )
        }
    }

    /// Runs a program of the server's (psql too), as the `postgres` user when this process is root: its
    /// exit status and output.
    private func output(of program: String, _ arguments: [String]) async throws -> (Int32, String) {
        let path = "\(binaries)/\(program)"
        return getuid() == 0
            ? try await HckCore.ChildProcess.output("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
            : try await HckCore.ChildProcess.output(path, arguments)
    }

    private func initialize() async throws {
        let data = directory.appendingPathComponent("data").path
        try await run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
    }

    /// Starts the server on the cluster's port (again, after ``stop()``).
    package func launch() async throws {
        let data = directory.appendingPathComponent("data").path
        let options = [
            "-c listen_addresses=127.0.0.1", "-p \(port)", "-k \(directory.path)", "-c fsync=off",
            "-c full_page_writes=off", "-c max_connections=300",
        ]
        try await run(
            "pg_ctl",
            [
                "-D", data, "-l", directory.appendingPathComponent("server.log").path, "-o",
                options.joined(separator: " "), "-w", "-t", "60", "start",
            ]
        )
    }

    /// Stops the server: `immediate` (the default) to throw it away, `fast` for a restart that keeps the
    /// data (connections are cut either way, as when a database host goes down).
    /// - Parameter mode: pg_ctl's shutdown mode.
    package func stop(mode: String = "immediate") async throws {
        try await run("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", mode, "-w", "stop"])
    }

    /// What every session on `database` is doing (`pg_stat_activity`: its state, what it waits for, its
    /// last query), for a failing test to show; the error when psql could not tell.
    /// - Parameter database: the database's name.
    package func sessions(database: String) async -> String {
        let sql =
            "SELECT pid, application_name, state, wait_event_type, wait_event, now() - query_start AS running, "
            + "left(query, 160) AS query FROM pg_stat_activity WHERE datname = current_database()"
        let arguments = ["-h", directory.path, "-p", String(port), "-U", "postgres", "-d", database, "-c", sql]
        do {
            return try await output(of: "psql", arguments).1
        } catch {
            return "psql could not list the sessions: \(error)"
        }
    }

    /// Runs the connection pool of every store made here until the cluster stops.
    private func runStores() async {
        await withDiscardingTaskGroup { group in
            for await store in stores {
                group.addTask {
                    do { try await store.run() } catch { self.logger.error("a test store's pool ended: \(error)") }
                }
            }
        }
    }

    /// The address of a database on this cluster.
    package func address(database: String) throws -> PostgresAddress {
        try PostgresAddress(parsing: "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable")
    }

    /// A new, empty database (nothing migrated); its address.
    package func createDatabase() async throws -> PostgresAddress {
        let name = "hck_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        let connection = try await PostgresConnection.connect(
            configuration: try address(database: "postgres").connectionConfiguration(),
            id: 1,
            logger: logger
        )
        do {
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        } catch {
            try? await connection.close()
            throw StoreError(.database, "creating database \(name) on 127.0.0.1:\(port): \(String(reflecting: error))")
        }
        try await connection.close()
        return try address(database: name)
    }

    /// A migrated store on `address` whose connection pool runs until the cluster stops.
    package func store(on address: PostgresAddress, firstJobID: Int64? = nil) async throws -> PostgresJobStore {
        let store = try await PostgresJobStore.open(address, firstJobID: firstJobID, logger: logger)
        storeArrived.yield(store)
        return store
    }

    /// A migrated store on a fresh database.
    package func freshStore() async throws -> PostgresJobStore {
        try await store(on: try createDatabase())
    }
}
