import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// The package cache's folder: `cache/` (the files, which ``PackageCachePruner`` keeps within
/// their limit), `log/`, `run/` (its pid file and socket), `conf/acng.conf` (written by hck at each start), `apt-cacher-ng.out`
/// (its standard output and error) and `owner.lock` (held by the runner that serves it).
struct PackageCacheFolder: Sendable {
    /// The folder.
    let root: URL

    init(_ root: URL) { self.root = root }

    var cache: URL { root.appendingPathComponent("cache") }
    var log: URL { root.appendingPathComponent("log") }
    var run: URL { root.appendingPathComponent("run") }
    var configurationDirectory: URL { root.appendingPathComponent("conf") }
    var output: URL { root.appendingPathComponent("apt-cacher-ng.out") }
    var ownerLock: URL { root.appendingPathComponent("owner.lock") }
    var pidFile: URL { run.appendingPathComponent("apt-cacher-ng.pid") }

    /// The apt-cacher-ng serving from this folder, by its pid file: its pid and real user id, when
    /// that process lives and is apt-cacher-ng.
    func runningCache() -> (pid: Int32, uid: UInt32)? {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
            let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
            comm.trimmingCharacters(in: .whitespacesAndNewlines) == "apt-cacher-ng",
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
            let uid = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ UInt32($0) })
        else { return nil }
        return (pid, uid)
    }

    /// Creates the folders; `cache/`, `log/` and `run/` belong to `owner` when given (the user the cache
    /// runs as writes them).
    func create(owner: QEMUUser?) throws {
        let manager = FileManager.default
        for folder in [root, cache, log, run, configurationDirectory] {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        if let owner {
            for folder in [cache, log, run] where chown(folder.path, owner.uid, owner.gid) != 0 {
                throw PackageCacheError(
                    .folder,
                    "cannot give \(folder.path) to uid \(owner.uid): \(String(cString: strerror(errno)))"
                )
            }
        }
    }

    /// Writes apt-cacher-ng's configuration for `port`.
    func writeConfiguration(port: Int) throws {
        let text = Self.configuration(port: port, folder: self)
        try text.write(
            to: configurationDirectory.appendingPathComponent("acng.conf"),
            atomically: true,
            encoding: .utf8
        )
    }

    /// Opens (truncating) the file its output goes to.
    func outputFile() throws -> FileHandle {
        FileManager.default.createFile(atPath: output.path, contents: nil)
        return try FileHandle(forWritingTo: output)
    }

    /// apt-cacher-ng's configuration: a plain caching proxy on 127.0.0.1:`port` in the foreground,
    /// fetching from port 80 only, with no report page (which would let guests start its
    /// maintenance) and no local folders served.
    static func configuration(port: Int, folder: PackageCacheFolder) -> String {
        """
        # Written by hck at each start of the package cache; changes here are lost.
        CacheDir: \(folder.cache.path)
        LogDir: \(folder.log.path)
        SupportDir: /usr/lib/apt-cacher-ng
        Port: \(port)
        BindAddress: 127.0.0.1
        ForeGround: 1
        AllowUserPorts: 80
        PidFile: \(folder.pidFile.path)
        SocketPath: \(folder.run.appendingPathComponent("apt-cacher-ng.socket").path)
        ExThreshold: 4
        VerboseLog: 0

        """
    }
}
