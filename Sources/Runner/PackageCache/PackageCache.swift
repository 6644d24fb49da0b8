public import Foundation
public import HckCore
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The runner host's package cache: apt-cacher-ng on this host's loopback, started by a runner
/// (`hck run`, `hck runner`, `hck up`) and stopped with it, so that a job's `packages:` and
/// `repositories:` fetch the package lists and `.deb`s once per host instead of once per job.
///
/// Guests reach it at 10.0.2.2:PORT through an allowed forward (``forward``); the image's
/// package manager points apt at it for HTTP archives and falls back to the mirrors, saying so,
/// when it does not answer (`PackageManager.cacheCommand(proxy:)`).
///
/// A cache is a proxy that fetches what a guest asks for, so it must reach no more than a guest:
/// when the guests are isolated it runs as QEMU's user, whose connections the isolation table
/// (``GuestIsolation``) keeps off this host and private networks, and it fetches only from
/// port 80 (apt-cacher-ng's `AllowUserPorts`). Its report page and local folders are off.
///
/// Runners of one host share one cache: the first starts it and holds `owner.lock` in its folder
/// while it serves; another finds the port answering with the lock held and uses it. When the
/// port answers without that lock (a cache hck did not start, whose reach hck does not know), the
/// runner uses none. The folder is kept under ``Configuration/sizeLimit`` by
/// ``PackageCachePruner``, at start and every five minutes.
public struct PackageCache: Sendable {
    /// Where and how the cache runs.
    public struct Configuration: Sendable {
        /// The port on this host's loopback (guests: 10.0.2.2:PORT).
        public var port: Int
        /// Its folder: `cache/`, `log/`, `conf/acng.conf`, `owner.lock`.
        public var directory: URL
        /// The most bytes the cached files may take; the oldest go first beyond it.
        public var sizeLimit: Int64
        /// apt-cacher-ng's executable.
        public var program: String
        /// Whether it runs as QEMU's user, whose connections the isolation table keeps off this
        /// host and private networks (when guests are isolated); else as this process's user.
        public var asQEMUUser: Bool
        /// How long it may take to answer once started.
        public var startTimeout: Duration

        /// The defaults: port 3142, /var/cache/hck/package-cache, 8 GiB.
        public init(
            port: Int = 3142,
            directory: URL = URL(fileURLWithPath: "/var/cache/hck/package-cache"),
            sizeLimit: Int64 = 8 << 30
        ) {
            self.port = port
            self.directory = directory
            self.sizeLimit = sizeLimit
            program = "/usr/sbin/apt-cacher-ng"
            asQEMUUser = true
            startTimeout = .seconds(20)
        }
    }

    /// The highest port apt-cacher-ng listens on: from 32768 up it says "Error resolving address
    /// for binding" and serves nothing (Debian 12's 3.7.4, tried).
    public static let highestPort = 32767

    /// The port it listens on, on this host's loopback.
    public let port: Int
    /// Whether this runner started it (else another hck runner of this host did).
    public let startedHere: Bool

    /// The forward that lets guests reach it.
    public var forward: GuestForward { GuestForward(name: "apt-cache", host: "127.0.0.1", port: port) }
    /// The proxy URL a guest uses: `http://10.0.2.2:PORT`.
    public var guestProxy: String { "http://\(forward.guestAddress)" }

    /// Runs `body` with the cache serving, or with nil (and a log line saying why) when there can
    /// be none; stops the cache after `body` when it started it.
    public static func whileServing<Result: Sendable>(
        _ configuration: Configuration,
        logger: Logger,
        _ body: (PackageCache?) async throws -> Result
    ) async throws -> Result {
        let server: PackageCacheServer
        do throws(PackageCacheError) {
            var user: QEMUUser?
            if configuration.asQEMUUser {
                do {
                    user = try QEMUUser.configured()
                } catch {
                    throw PackageCacheError(.qemuUser, "it would run as QEMU's user, and \(error.message)")
                }
            }
            server = try await PackageCacheServer.start(configuration, user: user, logger: logger)
        } catch {
            logger.warning("no package cache: \(error.message); jobs fetch packages from the mirrors")
            return try await body(nil)
        }
        let cache = PackageCache(port: configuration.port, startedHere: server.process != nil)
        logger.info(
            "package cache: apt-cacher-ng at 127.0.0.1:\(configuration.port) (guests: \(cache.guestProxy))\(cache.startedHere ? ", in \(configuration.directory.path)" : ", started by another hck runner of this host")"
        )
        let result: Result
        do {
            result = try await withThrowingTaskGroup(of: Void.self) { group in
                if cache.startedHere {
                    group.addTask { await PackageCachePruner.pruneEveryFewMinutes(configuration, logger: logger) }
                }
                defer { group.cancelAll() }
                return try await body(cache)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        return result
    }
}

/// Why a runner has no package cache.
public typealias PackageCacheError = CodedError<PackageCacheErrorCode>

/// What kind of failure a ``PackageCacheError`` is.
public enum PackageCacheErrorCode: String, ErrorCode {
    /// The user QEMU runs as, which the cache runs as, is unknown or root.
    case qemuUser
    /// Its folder could not be made or given to its user.
    case folder
    /// Its port is taken by a program hck did not start, or nobody answers where another runner
    /// said it serves.
    case port
    /// apt-cacher-ng is not installed.
    case program
    /// apt-cacher-ng did not start, or did not answer in time.
    case start
}
