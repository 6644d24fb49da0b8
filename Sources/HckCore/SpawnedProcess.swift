public import Foundation
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started to run beside its parent (a server, a browser, a peer a test talks
/// to) rather than awaited to its end as ``ChildProcess`` does, on the same swift-subprocess: the
/// child gets no descriptor but its standard input, output and error, and its end is seen
/// through a pidfd.
///
/// It replaces Foundation's `Process` (see ``ChildProcess`` for why): a second `Process`
/// spawned at the moment one starts can inherit the socket that tells of the first one's end,
/// which then goes unseen for as long as the second lives; a test waiting for it waits that
/// long, a whole run when the second is another test's browser or server.
public final class SpawnedProcess: Sendable {
    /// Its process id.
    public let processIdentifier: Int32
    private let status: ExitStatusBox
    private let ended: Task<Int32, Never>

    private init(processIdentifier: Int32, status: ExitStatusBox, ended: Task<Int32, Never>) {
        self.processIdentifier = processIdentifier
        self.status = status
        self.ended = ended
    }

    /// Starts `executable` and returns once it runs.
    /// - Parameters:
    ///   - executable: absolute path of the program.
    ///   - arguments: its arguments.
    ///   - environment: its whole environment (nil: this process's).
    ///   - output: where its standard output goes (nil: nowhere).
    ///   - error: where its standard error goes (nil: nowhere).
    ///   - input: its standard input (nil: nothing).
    /// - Throws: swift-subprocess's error when it cannot start.
    public static func start(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        output: FileHandle? = nil,
        error: FileHandle? = nil,
        input: FileHandle? = nil
    ) async throws -> SpawnedProcess {
        var options = PlatformOptions()
        options.processGroupID = 0
        let configuration = Configuration(
            executable: .path(FilePath(executable)),
            arguments: Arguments(arguments),
            environment: environment.map(Self.custom) ?? .inherit,
            platformOptions: options
        )
        // Whatever is not given is /dev/null, so that every stream is a descriptor of one type.
        let nowhere = try FileHandle(forUpdating: URL(fileURLWithPath: "/dev/null"))
        defer { try? nowhere.close() }
        let standardInput = descriptor(input ?? nowhere)
        let standardOutput = descriptor(output ?? nowhere)
        let standardError = descriptor(error ?? nowhere)
        let (started, start) = AsyncStream.makeStream(of: Result<Int32, any Swift.Error>.self)
        let status = ExitStatusBox()
        let ended = Task<Int32, Never> {
            let code: Int32
            do {
                let result = try await Subprocess.run(
                    configuration,
                    input: .fileDescriptor(standardInput, closeAfterSpawningProcess: false),
                    output: .fileDescriptor(standardOutput, closeAfterSpawningProcess: false),
                    error: .fileDescriptor(standardError, closeAfterSpawningProcess: false)
                ) { execution in
                    start.yield(.success(execution.processIdentifier.value))
                    start.finish()
                }
                switch result.terminationStatus {
                case .exited(let exit): code = exit
                case .signaled(let signal): code = 128 + signal
                }
            } catch {
                start.yield(.failure(error))
                start.finish()
                code = -1
            }
            status.value.withLock { $0 = code }
            return code
        }
        for await outcome in started {
            return SpawnedProcess(processIdentifier: try outcome.get(), status: status, ended: ended)
        }
        throw CancellationError()
    }

    private static func custom(_ environment: [String: String]) -> Environment {
        var custom: [Environment.Key: String] = [:]
        for (name, value) in environment { custom[Environment.Key(stringLiteral: name)] = value }
        return .custom(custom)
    }

    /// Whether it still runs.
    public var isRunning: Bool { status.value.withLock { $0 == nil } }

    /// Its exit status (128 + the signal's number when a signal ended it), once it ended.
    public var exitCode: Int32? { status.value.withLock { $0 } }

    /// Sends it a signal, unless it ended.
    public func signal(_ signal: Int32) {
        status.value.withLock { if $0 == nil { _ = kill(processIdentifier, signal) } }
    }

    /// Waits for its end; its exit status (128 + the signal's number when a signal ended it).
    public func exitStatus() async -> Int32 {
        await ended.value
    }

    deinit { signal(SIGKILL) }
}

/// A ``SpawnedProcess``'s exit status once it ended, shared with the task that waits for it.
private final class ExitStatusBox: Sendable {
    let value = Mutex<Int32?>(nil)
}

private func descriptor(_ handle: FileHandle) -> FileDescriptor {
    FileDescriptor(rawValue: handle.fileDescriptor)
}
