import Foundation
import Manifest
import NIOCore
import Runner

/// The ``JobEvents`` sink of a runner node: logs and task statuses go to the server through the
/// job's ``LogUplink``, in the order the job reported them.
///
/// Job status changes are not sent from here: the server marks the job running when it hands it
/// out, and the final status goes with `finish` once the artifacts are uploaded, which `ended` does
/// as soon as the job ends (before its VM goes or while it is kept).
struct ServerJobEvents: JobEvents {
    let uplink: LogUplink
    /// Reports the job's end to the server.
    let ended: @Sendable (JobOutcome) async -> Void

    func setupLog(_ bytes: ByteBuffer) async {
        await uplink.append(.log(task: nil, Data(bytes.readableBytesView)))
    }

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        await uplink.append(.log(task: task, Data(bytes.readableBytesView)))
    }

    /// A task's start returns only once the server has it (and everything reported before it): the
    /// task runs after this returns, and a server that never heard of a started task would queue the
    /// job again when this runner is lost (``LeaseReaper``), so the task would run twice.
    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        await uplink.append(.taskStatus(task: task, status))
        if status == .running { await uplink.flush() }
    }

    func jobStatusChanged(to status: JobStatus) async {}

    func jobEnded(_ outcome: JobOutcome) async {
        await ended(outcome)
    }
}
