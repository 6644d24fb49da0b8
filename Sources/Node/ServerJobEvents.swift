import Foundation
import Manifest
import NIOCore
import Runner

/// The ``JobEvents`` sink of a runner node: logs and task statuses go to the server through the
/// job's ``LogUplink``, in the order the job reported them.
///
/// Job status changes are not sent from here: the server marks the job running when it hands it
/// out, and the final status goes with `finish` once the artifacts are uploaded.
struct ServerJobEvents: JobEvents {
    let uplink: LogUplink

    func setupLog(_ bytes: ByteBuffer) async {
        await uplink.append(.log(task: nil, Data(bytes.readableBytesView)))
    }

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        await uplink.append(.log(task: task, Data(bytes.readableBytesView)))
    }

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        await uplink.append(.taskStatus(task: task, status))
    }

    func jobStatusChanged(to status: JobStatus) async {}
}
