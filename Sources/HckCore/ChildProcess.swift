public import Foundation
import Subprocess
import SystemPackage

/// Runs a program to its end without blocking a thread while it runs.
///
/// Built on swift-subprocess rather than Foundation's `Process`: on Linux, `Process` learns that a
/// child ended when a socket it shares with the child closes, and that socket is not
/// close-on-exec, so a second child spawned at the same moment can inherit it and keep the first
/// one's end from ever being noticed (seen here: `qemu-img` reaped by nobody while a test's `ssh`
/// ran, the job stuck at "Booting"). swift-subprocess closes every other descriptor in the child
/// and waits on a pidfd, so one child's life never hides another's end.
public enum ChildProcess {
    /// Runs a program and returns its exit status.
    ///
    /// Cancelling the calling task stops the program (SIGTERM, then SIGKILL). The program runs in
    /// its own process group, so a Ctrl-C at the terminal reaches hck, which decides what to stop.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments.
    ///   - environment: added to this process's environment.
    ///   - output: where its standard output and standard error go (`nil`: nowhere).
    ///   - input: its standard input (`nil`: nothing).
    /// - Returns: its exit code, or 128 + the signal's number when a signal ended it (as shells say).
    /// - Throws: swift-subprocess's error when the program cannot start.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        output: FileHandle? = nil,
        input: FileHandle? = nil
    ) async throws -> Int32 {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(5))]
        let overrides = environment.reduce(into: [Environment.Key: String?]()) {
            $0[Environment.Key(stringLiteral: $1.key)] = $1.value
        }
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: .inherit.updating(overrides),
            platformOptions: options
        )
        let status: TerminationStatus
        switch (input, output) {
        case (nil, nil):
            status = try await Subprocess.run(configuration, input: .none, output: .discarded, error: .discarded)
                .terminationStatus
        case (let input?, nil):
            status = try await Subprocess.run(
                configuration,
                input: .fileDescriptor(descriptor(input), closeAfterSpawningProcess: false),
                output: .discarded,
                error: .discarded
            ).terminationStatus
        case (nil, let output?):
            status = try await Subprocess.run(
                configuration,
                input: .none,
                output: .fileDescriptor(descriptor(output), closeAfterSpawningProcess: false),
                error: .fileDescriptor(descriptor(output), closeAfterSpawningProcess: false)
            ).terminationStatus
        case (let input?, let output?):
            status = try await Subprocess.run(
                configuration,
                input: .fileDescriptor(descriptor(input), closeAfterSpawningProcess: false),
                output: .fileDescriptor(descriptor(output), closeAfterSpawningProcess: false),
                error: .fileDescriptor(descriptor(output), closeAfterSpawningProcess: false)
            ).terminationStatus
        }
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }

    /// Runs a program and returns its exit status and everything it printed.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments.
    ///   - environment: added to this process's environment.
    ///   - input: its standard input (`nil`: nothing).
    public static func output(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        input: FileHandle? = nil
    ) async throws -> (status: Int32, text: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hck-output-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let status = try await run(executable, arguments, environment: environment, output: handle, input: input)
        try handle.close()
        return (status, try String(contentsOf: file, encoding: .utf8))
    }

    private static func descriptor(_ handle: FileHandle) -> FileDescriptor {
        FileDescriptor(rawValue: handle.fileDescriptor)
    }
}
