import ArgumentParser
import Foundation
import Logging
import Runner

/// What `hck run`, `hck runner` and `hck up` share about the host's package cache
/// (``PackageCache``): its port, folder and size, and the way to run without one.
struct PackageCacheOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The port of this host's package cache on 127.0.0.1 (guests: 10.0.2.2:PORT).",
            discussion:
                "The first runner of the host starts apt-cacher-ng there and the others use it; jobs' apt fetches Debian's archives through it, and from the mirrors whenever it does not answer."
        )
    )
    var packageCachePort = 3142

    @Option(help: "The package cache's folder.")
    var packageCacheDir = "/var/cache/hck/package-cache"

    @Option(help: "The most the cached packages may take, in GiB; those fetched longest ago go first beyond it.")
    var packageCacheSize = 8

    @Flag(help: "Run no package cache: jobs fetch packages from the mirrors.")
    var noPackageCache = false

    func validate() throws {
        guard (1...PackageCache.highestPort).contains(packageCachePort) else {
            throw ValidationError(
                "--package-cache-port \(packageCachePort): write a port from 1 to \(PackageCache.highestPort) (apt-cacher-ng listens on no higher one)"
            )
        }
        guard packageCacheSize >= 1 else {
            throw ValidationError("--package-cache-size \(packageCacheSize): give the cache at least 1 GiB")
        }
    }

    /// Runs `body` with the cache serving (or nil with --no-package-cache, or when it cannot run).
    /// - Parameter asQEMUUser: whether the cache runs as QEMU's user (when guests are isolated).
    func whileServing<Result: Sendable>(
        asQEMUUser: Bool,
        logger: Logger,
        _ body: (PackageCache?) async throws -> Result
    ) async throws -> Result {
        guard !noPackageCache else { return try await body(nil) }
        var configuration = PackageCache.Configuration(
            port: packageCachePort,
            directory: URL(fileURLWithPath: packageCacheDir),
            sizeLimit: Int64(packageCacheSize) << 30
        )
        configuration.asQEMUUser = asQEMUUser
        return try await PackageCache.whileServing(configuration, logger: logger, body)
    }
}
