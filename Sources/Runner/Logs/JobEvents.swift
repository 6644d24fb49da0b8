public import Manifest
public import NIOCore

/// Where a running job reports what it does: the server streams these to clients and stores
/// them; `hck run` prints them.
///
/// Calls come in order from one job; each is awaited before the runner reads more output from
/// the guest, so a slow sink slows the guest down instead of growing the runner's memory.
public protocol JobEvents: Sendable {
    /// Bytes of the setup log: the boot console, a header per setup step, the commands and what
    /// they printed.
    /// - Parameter bytes: the bytes, ANSI colours and all.
    func setupLog(_ bytes: ByteBuffer) async

    /// Bytes of one task's log: its `set -x` trace and output, interleaved as produced.
    /// - Parameters:
    ///   - task: the task's name.
    ///   - bytes: the bytes.
    func taskLog(_ task: String, _ bytes: ByteBuffer) async

    /// A task's status changed. A task told `running` begins in the guest once this returns, so a
    /// sink may hold a start until it is recorded where it must be.
    /// - Parameters:
    ///   - task: the task's name.
    ///   - status: its new status.
    func taskStatusChanged(_ task: String, to status: TaskStatus) async

    /// The job's status changed. Its final status comes before the VM is torn down.
    /// - Parameter status: its new status.
    func jobStatusChanged(to status: JobStatus) async

    /// The job ended: its outcome, told right after its final status and before the VM is torn
    /// down (``JobRunner/run(_:events:keepAlive:)`` returns the same outcome once the VM is gone).
    func jobEnded(_ outcome: JobOutcome) async
}

extension JobEvents {
    /// Nothing: sinks that only need the final status ignore the outcome.
    public func jobEnded(_ outcome: JobOutcome) async {}

    /// Writes a line to the setup log.
    /// - Parameter line: the text, without its newline.
    func setupLine(_ line: String) async {
        await setupLog(ByteBuffer(string: line + "\n"))
    }
}
