import CLI
@preconcurrency import Dispatch
import Foundation
import Manifest
import NIOCore
import Runner

/// Prints a job's logs to the terminal as they come, and its summary as soon as the job ended
/// (before the VM's teardown). The setup log already announces each task (`==> Running task
/// NAME`) right before its log, so no second header is printed. What cannot be written (the
/// terminal closed) is dropped: the job still runs to its end and cleans up.
struct TerminalEvents: JobEvents {
    /// Where artifacts are copied, for the summary; `nil` when the manifest has none.
    let artifacts: String?

    func setupLog(_ bytes: ByteBuffer) async {
        try? FileHandle.standardOutput.write(contentsOf: Data(bytes.readableBytesView))
    }

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        try? FileHandle.standardOutput.write(contentsOf: Data(bytes.readableBytesView))
    }

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        if status != .running && status != .pending {
            try? FileHandle.standardOutput.write(contentsOf: Data("hck: task \(task): \(status.rawValue)\n".utf8))
        }
    }

    func jobStatusChanged(to status: JobStatus) async {}

    func jobEnded(_ outcome: JobOutcome) async {
        RunSummary.print(outcome, artifacts: artifacts)
        fflush(nil)
    }
}

/// `--keep`: writes the job's private key and the guest's host key next to the logs, prints the
/// ssh command, and holds the VM until Ctrl-C or the deadline.
struct PrintedKeepAlive: KeepAliveHook {
    let directory: URL

    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        let (key, knownHosts) = try access.writeSSHFiles(in: directory)
        print(
            """
            hck: the VM stays up (\(reason)) for up to \(duration.spanText); Ctrl-C destroys it. Get in with:
              ssh -i \(key.path) -p \(access.port) -o UserKnownHostsFile=\(knownHosts.path) \(access.user)@127.0.0.1
            """
        )
        fflush(nil)  // shown now, also when the output goes to a file or a pipe
        await access.reachable()
        try await Task.sleep(for: duration)
    }
}

/// Runs work, cancelling it on SIGINT (Ctrl-C), SIGTERM or SIGHUP (the terminal closed) so the
/// job tears its VM down. SIGPIPE is ignored: a closed terminal or pipe must not kill the run
/// before it has cleaned up (``TerminalEvents`` drops what it cannot write).
func runCancellingOnInterrupt<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) async -> Value {
    signal(SIGPIPE, SIG_IGN)
    let names = [SIGINT: "interrupted", SIGTERM: "terminated", SIGHUP: "the terminal hung up"]
    let interrupts = AsyncStream<String> { continuation in
        let sources = names.map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield(name) }
            source.resume()
            return source
        }
        continuation.onTermination = { _ in
            for source in sources { source.cancel() }
        }
    }
    return await withTaskGroup(of: Value?.self) { group in
        group.addTask { await work() }
        group.addTask {
            for await name in interrupts {
                try? FileHandle.standardError.write(contentsOf: Data("\nhck: \(name), cancelling the job\n".utf8))
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
