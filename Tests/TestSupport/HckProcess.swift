public import Foundation
import HckCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running `hck` (up, server, runner) started by a test, or another program it runs beside
/// them (nginx): its output goes to a file the test reads; it runs as a ``SpawnedProcess``, so its
/// end is seen whatever else the run spawns, and it is killed when the value goes.
package final class HckProcess: Sendable {
    package let log: URL
    private let command: String
    private let process: SpawnedProcess

    /// Starts `hck ARGUMENTS` with extra environment variables.
    package convenience init(_ arguments: [String], environment: [String: String] = [:], log: URL) async throws {
        try await self.init(program: try BuiltProducts.hck, arguments, environment: environment, log: log)
    }

    /// Starts another program (an absolute path) with extra environment variables.
    package init(program: URL, _ arguments: [String], environment: [String: String] = [:], log: URL) async throws {
        self.log = log
        command = ([program.lastPathComponent] + arguments).joined(separator: " ")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process = try await SpawnedProcess.start(
            program.path,
            arguments,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            output: handle,
            error: handle
        )
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
                Issue.record("\(command) exited before printing '\(text)':\n\(output)")
                throw CancellationError()
            }
            guard ContinuousClock.now < deadline else {
                Issue.record("\(command) did not print '\(text)' within \(timeout):\n\(output)")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Sends a signal (SIGTERM to stop it gracefully, SIGKILL to make it vanish).
    package func signal(_ signal: Int32) {
        process.signal(signal)
    }

    /// Waits for it to exit; its status (128 + the signal's number when a signal ended it).
    package func exitStatus() async -> Int32 {
        await process.exitStatus()
    }

    /// Waits at most `limit` for it to exit: its status, or nil when it still ran (it is then
    /// killed, so that a test that stops a server never waits for ever).
    package func exitStatus(within limit: Duration) async -> Int32? {
        let process = process
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await process.exitStatus() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { process.signal(SIGKILL) }
            return first
        }
        return status
    }
}
