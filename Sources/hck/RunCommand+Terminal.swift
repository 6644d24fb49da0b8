@preconcurrency import Dispatch
import Foundation
import Manifest
import NIOCore
import Runner

/// Prints a job's logs to the terminal as they come. The setup log already announces each task
/// (`==> Running task NAME`) right before its log, so no second header is printed.
struct TerminalEvents: JobEvents {
    func setupLog(_ bytes: ByteBuffer) async {
        FileHandle.standardOutput.write(Data(bytes.readableBytesView))
    }

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        FileHandle.standardOutput.write(Data(bytes.readableBytesView))
    }

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        if status != .running && status != .pending {
            FileHandle.standardOutput.write(Data("hck: task \(task): \(status.rawValue)\n".utf8))
        }
    }

    func jobStatusChanged(to status: JobStatus) async {}
}

/// `--keep`: writes the job's private key next to the logs, prints the ssh command, and holds
/// the VM until Ctrl-C or the deadline.
struct PrintedKeepAlive: KeepAliveHook {
    let directory: URL

    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        let keyFile = directory.appendingPathComponent("id_ed25519")
        _ = FileManager.default.createFile(
            atPath: keyFile.path, contents: Data(access.key.openSSHPrivateKeyFile().utf8),
            attributes: [.posixPermissions: 0o600])
        print(
            """
            hck: the VM stays up (\(reason)) for up to \(duration); Ctrl-C destroys it. Get in with:
              ssh -i \(keyFile.path) -p \(access.port) -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \(access.user)@127.0.0.1
            """)
        try await Task.sleep(for: duration)
    }
}

/// Runs work, cancelling it on SIGINT (Ctrl-C) so the job tears its VM down.
func runCancellingOnInterrupt<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) async -> Value {
    signal(SIGINT, SIG_IGN)
    let interrupts = AsyncStream<Void> { continuation in
        let source = DispatchSource.makeSignalSource(signal: SIGINT)
        source.setEventHandler { continuation.yield() }
        continuation.onTermination = { _ in source.cancel() }
        source.resume()
    }
    return await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask {
            for await _ in interrupts {
                FileHandle.standardError.write(Data("\nhck: interrupted, cancelling the job\n".utf8))
                return nil
            }
            return nil
        }
        var result: Value?
        while result == nil, let next = await group.next() {
            if let next { result = next } else { group.cancelAll() }
        }
        group.cancelAll()
        return result!
    }
}
