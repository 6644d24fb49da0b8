import Foundation
import HckCore
import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// The apt-cacher-ng a runner started, or the one another hck runner of this host serves: the
/// start, the wait for its port, and the stop.
struct PackageCacheServer: Sendable {
    /// The process this runner started; nil when another hck runner serves it.
    let process: SpawnedProcess?
    /// The lock that says this runner serves the cache; nil when another does.
    let owner: OwnerLock?

    /// Starts the cache, or finds the one another hck runner of this host started.
    /// - Throws: ``PackageCacheError`` saying why there is none.
    /// - Parameter user: the user and group it runs as; nil: this process's.
    static func start(
        _ configuration: PackageCache.Configuration,
        user: QEMUUser?,
        logger: Logger
    ) async throws(PackageCacheError) -> PackageCacheServer {
        let folder = PackageCacheFolder(configuration.directory)
        let port = configuration.port
        let owner: OwnerLock
        do {
            try folder.create(owner: user)
            guard let lock = try OwnerLock.acquire(folder.ownerLock) else {
                try await joinAnother(configuration, user: user, folder: folder)
                return PackageCacheServer(process: nil, owner: nil)
            }
            owner = lock
        } catch let error as PackageCacheError {
            throw error
        } catch {
            throw PackageCacheError(.folder, "cannot set up \(configuration.directory.path): \(error)")
        }
        do {
            await stopOrphan(in: folder, port: port, logger: logger)
            guard await !answers(port: port) else {
                throw PackageCacheError(
                    .port,
                    "127.0.0.1:\(port) is taken by a program that hck did not start (choose another port with --package-cache-port)"
                )
            }
            guard port <= PackageCache.highestPort else {
                throw PackageCacheError(
                    .port,
                    "apt-cacher-ng listens on no port above \(PackageCache.highestPort), and \(port) was asked for"
                )
            }
            guard FileManager.default.isExecutableFile(atPath: configuration.program) else {
                throw PackageCacheError(
                    .program,
                    "\(configuration.program) is not installed (Debian: apt-get install apt-cacher-ng)"
                )
            }
            try folder.writeConfiguration(port: port)
            await PackageCachePruner.prune(configuration, logger: logger)
            let process = try await spawn(configuration, user: user, folder: folder)
            try await waitForPort(of: process, configuration: configuration, folder: folder)
            return PackageCacheServer(process: process, owner: owner)
        } catch {
            owner.release()
            if let error = error as? PackageCacheError { throw error }
            throw PackageCacheError(.start, "cannot start \(configuration.program): \(error)")
        }
    }

    /// Checks the cache another hck runner of this host serves before this one uses it: it answers
    /// (within the start's time, as it may be starting), and when this runner's guests are
    /// isolated it runs as QEMU's user, so that its reach is a guest's (a runner started with
    /// `--no-guest-isolation` runs it as itself, whose connections the isolation table lets through).
    private static func joinAnother(
        _ configuration: PackageCache.Configuration,
        user: QEMUUser?,
        folder: PackageCacheFolder
    ) async throws {
        guard try await waitUntilAnswering(port: configuration.port, within: configuration.startTimeout) else {
            throw PackageCacheError(
                .port,
                "another hck runner holds \(folder.ownerLock.path), and nothing answered at 127.0.0.1:\(configuration.port) within \(configuration.startTimeout)"
            )
        }
        guard let user else { return }
        let running = folder.runningCache()
        guard let running, running.uid == user.uid else {
            throw PackageCacheError(
                .port,
                "the cache another hck runner started \(running.map { "runs as uid \($0.uid)" } ?? "cannot be identified (\(folder.pidFile.path))"), not as QEMU's user (uid \(user.uid)): guests isolated here must not reach more through it than they may themselves"
            )
        }
    }

    /// Stops an apt-cacher-ng that a killed runner left serving from this folder (its lock went with
    /// the runner; the process did not), so that this runner can start its own.
    private static func stopOrphan(in folder: PackageCacheFolder, port: Int, logger: Logger) async {
        guard let orphan = folder.runningCache() else { return }
        logger.info("package cache: stopping apt-cacher-ng \(orphan.pid), left by a runner that was killed")
        kill(orphan.pid, SIGTERM)
        for _ in 0..<100 where folder.runningCache() != nil {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if folder.runningCache() != nil { kill(orphan.pid, SIGKILL) }
    }

    /// Stops the process this runner started (SIGTERM, then SIGKILL after 10 s) and lets the lock go.
    func stop() async {
        if let process {
            process.signal(SIGTERM)
            let ended = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    _ = await process.exitStatus()
                    return true
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(10))
                    return false
                }
                defer { group.cancelAll() }
                return await group.next() ?? false
            }
            if !ended {
                process.signal(SIGKILL)
                _ = await process.exitStatus()
            }
        }
        owner?.release()
    }

    private static func spawn(
        _ configuration: PackageCache.Configuration,
        user: QEMUUser?,
        folder: PackageCacheFolder
    ) async throws -> SpawnedProcess {
        let output = try folder.outputFile()
        defer { try? output.close() }
        var command = [configuration.program, "-c", folder.configurationDirectory.path]
        if let user {
            // Its connections are then QEMU's user's, which the isolation table keeps off this host.
            command = ["/usr/bin/setpriv", "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups"] + command
        }
        return try await SpawnedProcess.start(command[0], Array(command.dropFirst()), output: output, error: output)
    }

    private static func waitForPort(
        of process: SpawnedProcess,
        configuration: PackageCache.Configuration,
        folder: PackageCacheFolder
    ) async throws {
        let answered = try await waitUntilAnswering(
            port: configuration.port,
            within: configuration.startTimeout,
            while: { process.isRunning }
        )
        if answered { return }
        guard process.isRunning else {
            throw PackageCacheError(
                .start,
                "\(configuration.program) exited (\(process.exitCode ?? -1)) before it answered; see \(folder.output.path)"
            )
        }
        process.signal(SIGKILL)
        _ = await process.exitStatus()
        throw PackageCacheError(
            .start,
            "\(configuration.program) did not answer at 127.0.0.1:\(configuration.port) within \(configuration.startTimeout); see \(folder.output.path)"
        )
    }

    /// Polls 127.0.0.1:`port` until something answers (true), `limit` has passed or `going` says to
    /// stop waiting (false).
    private static func waitUntilAnswering(
        port: Int,
        within limit: Duration,
        while going: () -> Bool = { true }
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline && going() {
            if await answers(port: port) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Whether something accepts a TCP connection at 127.0.0.1:`port`.
    static func answers(port: Int) async -> Bool {
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(2))
                .connect(host: "127.0.0.1", port: port).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }
}
