import Foundation

/// A real SMTP server (Python's aiosmtpd, from `make deps`) on a loopback port.
package final class SMTPSink: Sendable {
    package let port: Int
    package let directory: TemporaryDirectory
    private let process: Process

    /// Starts the sink off the cooperative pool (start-up reads block); with `certificate` and
    /// `key` it requires STARTTLS.
    package static func start(certificate: String? = nil, key: String? = nil) async throws -> SMTPSink {
        try await PythonModule.require("aiosmtpd")
        return try await offThePool { try SMTPSink(certificate: certificate, key: key) }
    }

    private init(certificate: String? = nil, key: String? = nil) throws {
        directory = try TemporaryDirectory()
        port = try TestServer.freePort()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py")
            .path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", script, String(port), directory.url.path] + [certificate, key].compactMap { $0 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let ready = output.fileHandleForReading.availableData
        guard String(decoding: ready, as: UTF8.self).contains("ready") else {
            process.terminate()
            throw POSIXError(.ECONNREFUSED)
        }
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

    /// Ends the server (Foundation reaps it; nothing here waits).
    package func stop() {
        process.terminate()
    }

    deinit { if process.isRunning { process.terminate() } }
}
