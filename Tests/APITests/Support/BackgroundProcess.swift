import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program that runs beside a test (a runner node, say) until the test stops it. Its output goes
/// to a file, so nothing blocks a thread of the cooperative pool, and the test can read it to say
/// what went wrong.
final class BackgroundProcess: Sendable {
    let process: Process
    let outputPath: String
    let exited: AsyncStream<Int32>
    private let scratch: TemporaryDirectory

    /// Starts `executable` with `arguments`.
    init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        scratch = try TemporaryDirectory()
        outputPath = scratch.path("output")
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? handle.close() }
        let (exited, exit) = AsyncStream.makeStream(of: Int32.self)
        self.exited = exited
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = handle
        process.standardError = handle
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        try process.run()
    }

    /// Everything it printed so far.
    var output: String {
        (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    /// Sends SIGTERM and waits for the exit; SIGKILL after `grace`. Returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(30)) async -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let exited = self.exited
        let pid = process.processIdentifier
        return await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await status in exited { return status }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: grace)
                return nil
            }
            var status: Int32?
            while let next = await group.next() {
                if let next {
                    status = next
                    break
                }
                // The grace period ended first: kill it and keep waiting for the exit.
                kill(pid, SIGKILL)
            }
            group.cancelAll()
            return status ?? -1
        }
    }
}
