package import Foundation
import Server
package import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real `hck server` (the built binary, a child process) on a free port of 127.0.0.1.
package struct BenchServer: Sendable {
    package let process: HckProcess
    /// Where it listens, e.g. `http://127.0.0.1:40123`.
    package let url: URL

    /// Starts it and waits until it listens.
    /// - Parameters:
    ///   - database: `sqlite` or a `postgres://` URL.
    ///   - data: its data directory.
    ///   - log: the file its output goes to.
    ///   - arguments: more of `hck server`'s options.
    package static func start(database: String, data: String, log: URL, arguments: [String]) async throws
        -> BenchServer
    {
        let port = try LoopbackPort.free()
        let process = try await HckProcess(
            ["server", "--port", String(port), "--data", data, "--database", database] + arguments,
            log: log
        )
        try await process.waitFor("listening on", timeout: .seconds(120))
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw BenchFailure("no URL for port \(port)") }
        return BenchServer(process: process, url: url)
    }

    /// Stops it with SIGTERM and waits for it to exit.
    package func stop() async {
        process.signal(SIGTERM)
        _ = await process.exitStatus()
    }
}
