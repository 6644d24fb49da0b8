public import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running `hck` (up, server, runner) started by a test: its output goes to a file the
/// test reads; its end is awaited through `terminationHandler`, never by blocking a thread.
package final class HckProcess: Sendable {
    package let log: URL
    private let process: Process
    private let ended: AsyncStream<Int32>

    /// Starts `hck ARGUMENTS` with extra environment variables.
    package init(_ arguments: [String], environment: [String: String] = [:], log: URL) throws {
        self.log = log
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process = Process()
        process.executableURL = try BuiltProducts.hck
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        let (ended, exit) = AsyncStream.makeStream(of: Int32.self)
        self.ended = ended
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        try process.run()
    }

    /// Its process id (`hck` replaces itself with `hck-vm` in the same process).
    package var processIdentifier: Int32 { process.processIdentifier }

    /// Whether it still runs.
    package var isRunning: Bool { process.isRunning }

    /// What it printed so far.
    package var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until its output contains `text`; fails (with the output) after `timeout` or when it exits first.
    package func waitFor(_ text: String, timeout: Duration = .seconds(240)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !output.contains(text) {
            guard process.isRunning else {
                Issue.record("hck \(process.arguments ?? []) exited before printing '\(text)':\n\(output)")
                throw CancellationError()
            }
            guard ContinuousClock.now < deadline else {
                Issue.record("hck \(process.arguments ?? []) did not print '\(text)' within \(timeout):\n\(output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Sends a signal (SIGTERM to stop it gracefully, SIGKILL to make it vanish).
    package func signal(_ signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
    }

    /// Waits for it to exit; its status (a signal's number when a signal ended it).
    package func exitStatus() async -> Int32 {
        for await status in ended { return status }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
