import Foundation

/// Runs a program to its end without blocking a thread of the cooperative pool: its output goes to a
/// file and its end is awaited through `terminationHandler`. (Blocking reads in tests can starve the
/// pool that the server under test also needs.)
enum ChildProcess {
    static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String) {
        let directory = try TemporaryDirectory()
        let log = directory.url.appendingPathComponent("output")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try handle.close()
        return (status, try String(contentsOf: log, encoding: .utf8))
    }

    /// `/usr/bin/env NAME ARGS…`.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
    }
}
