import Foundation
import HckCore

/// A real SMTP server (Python's aiosmtpd, from `make deps`) on a loopback port.
package final class SMTPSink: Sendable {
    package let port: Int
    package let directory: TemporaryDirectory
    private let process: SpawnedProcess

    /// Starts the sink and returns once it listens; with `certificate` and `key` it requires STARTTLS.
    package static func start(certificate: String? = nil, key: String? = nil) async throws -> SMTPSink {
        try await PythonModule.require("aiosmtpd")
        let directory = try TemporaryDirectory()
        let port = try TestServer.freePort()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py")
            .path
        let (process, _) = try await startLogged(
            "/usr/bin/env",
            ["python3", script, String(port), directory.url.path] + [certificate, key].compactMap { $0 },
            log: directory.url.appendingPathComponent("sink.log"),
            ready: "ready"
        )
        return SMTPSink(port: port, directory: directory, process: process)
    }

    private init(port: Int, directory: TemporaryDirectory, process: SpawnedProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    /// The messages received so far: (envelope sender, recipients, data).
    package func messages() throws -> [[String: Any]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter {
            $0.hasSuffix(".json")
        }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: directory.url.appendingPathComponent(name))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }

    /// Ends the server (nothing here waits for its end).
    package func stop() {
        process.signal(SIGTERM)
    }

    deinit { process.signal(SIGTERM) }
}
