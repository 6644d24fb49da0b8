package import Foundation
package import HckCore

/// A real `git daemon` on 127.0.0.1 serving every repository under a folder, read-only, as
/// `git://127.0.0.1:PORT/NAME.git`. It stops when the value goes (its process is killed).
package final class GitDaemon: Sendable {
    /// The folder it serves.
    package let root: String
    /// Its port.
    package let port: Int
    let process: SpawnedProcess

    /// Starts serving `root`; its log goes to `log`.
    package init(serving root: String, log: URL) async throws {
        let port = try TestServer.freePort()
        // git-daemon itself, not `git daemon`, which would run it as a child that a kill would miss.
        process = try await startLogged(
            "/usr/lib/git-core/git-daemon",
            [
                "--verbose", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(root)", "--export-all",
                "--reuseaddr", root,
            ],
            log: log,
            ready: "Ready to rumble"
        ).process
        self.root = root
        self.port = port
    }

    /// The URL of the repository at `path` under the root, e.g. `project.git`.
    package func url(_ path: String) -> String { "git://127.0.0.1:\(port)/\(path)" }

    /// Stops it now.
    package func stop() { process.signal(SIGKILL) }
}
