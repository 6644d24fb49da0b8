import Client
public import Foundation
import HckCore
import Manifest
import NIOCore
public import Runner
import Wire

extension SSHGateway {
    /// Starts following a job that this runner is about to run, so its owner can connect at once:
    /// a session sees the live log, then enters the VM if it is kept. Fan the job's events out to
    /// the sink this returns (`JobEventsFanOut`).
    /// - Parameters:
    ///   - job: the job's id.
    ///   - deadline: when the job times out at the latest, shown with the connect command.
    /// - Returns: the sink that feeds the live log.
    public func watch(job: Int64, deadline: Date) async -> (any JobEvents)? {
        await kept.watch(job)
        return JobWatch(job: job, deadline: deadline, gateway: self)
    }

    /// Streams a running job's log to a session until its VM is kept (true) or the job ends (false).
    /// - Parameters:
    ///   - job: the job's id.
    ///   - terminal: whether the user has a pty (then lines end in CR LF, as a raw terminal needs).
    ///   - output: the user's channel.
    func follow(_ job: Int64, terminal: Bool, output: NIOAsyncChannelOutboundWriter<SessionOutput>) async throws -> Bool
    {
        try await output.write(.notice("job \(job) is running: here is its log; the shell opens if its VM is kept"))
        var offset = 0
        while true {
            let seen = await kept.changes.generation(of: job)
            if let (bytes, next) = await kept.log(job, from: offset), bytes.readableBytes > 0 {
                offset = next
                try await output.write(.stdout(terminal ? Self.crlf(bytes) : bytes))
            }
            switch await kept.state(of: job) {
            case .running, .unknown: break
            case .kept: return true
            case .ended: return false
            }
            await kept.changes.wait(for: job, after: seen, timeout: .seconds(3600))
            try Task.checkCancellation()
        }
    }

    private static func crlf(_ bytes: ByteBuffer) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(bytes.readableBytes + bytes.readableBytes / 16)
        for byte in bytes.readableBytesView {
            if byte == UInt8(ascii: "\n") { out.writeInteger(UInt8(ascii: "\r")) }
            out.writeInteger(byte)
        }
        return out
    }
}

/// Feeds a running job's log to the gateway and tells the server where to connect while it runs.
struct JobWatch: JobEvents {
    let job: Int64
    let deadline: Date
    let gateway: SSHGateway

    func setupLog(_ bytes: ByteBuffer) async {
        await gateway.kept.append(job, bytes)
    }

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        await gateway.kept.append(job, bytes)
    }

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {}

    func jobStatusChanged(to status: JobStatus) async {
        if status == .running {
            await gateway.report(
                job,
                KeptVM(
                    host: gateway.advertisedHost,
                    port: await gateway.port(),
                    until: deadline,
                    reason: KeptVM.running
                )
            )
        } else if status.isFinal, await gateway.kept.finished(job, status) == false {
            await gateway.report(job, nil)
        }
    }
}
