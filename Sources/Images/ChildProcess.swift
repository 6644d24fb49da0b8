import Foundation

/// Runs a program to its end without blocking a thread while it runs.
public enum ChildProcess {
    /// Runs a program and returns its exit status.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments.
    ///   - environment: added to this process's environment.
    ///   - output: where its standard output and standard error go (`nil`: nowhere).
    ///   - input: its standard input (`nil`: nothing).
    /// - Throws: the error of `Process.run()` when it cannot start.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        output: FileHandle? = nil,
        input: FileHandle? = nil
    ) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = output ?? FileHandle.nullDevice
        process.standardInput = input ?? FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }

    /// Runs a program and returns its exit status and everything it printed.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments.
    ///   - input: its standard input (`nil`: nothing).
    public static func output(
        _ executable: String, _ arguments: [String], input: FileHandle? = nil
    ) async throws -> (status: Int32, text: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hck-output-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let status = try await run(executable, arguments, output: handle, input: input)
        try handle.close()
        return (status, try String(contentsOf: file, encoding: .utf8))
    }
}
