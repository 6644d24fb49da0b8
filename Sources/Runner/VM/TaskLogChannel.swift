import Foundation
import NIOCore
import NIOPosix

/// The virtio channel `org.hck.log`: the guest's task shell writes its terminal's output into it
/// instead of into its SSH channel, and the runner reads it from a Unix socket QEMU listens on.
///
/// Why: through SSH, a task's output on a terminal ran at about 0.45 of plain `ssh` under
/// emulation, because the guest's sshd encrypts every byte (AES-GCM in software on TCG's CPU) on
/// top of the terminal's own cost; a virtio channel hands the bytes to QEMU with no cipher and no
/// user-mode network stack (bench/task-output, docs/ARCHITECTURE.md). The task shell still runs
/// in its SSH session, which carries its requests and its end; only its output moves.
///
/// The guest's device (`/dev/vportNpM`, found by its name in `/sys/class/virtio-ports`) belongs to
/// the build user (a udev rule of the image). QEMU drops what a guest writes while no client is
/// connected, so the runner connects first and sends ``greeting``; the task shell reads that line
/// before it writes anything, and keeps its output on SSH when it cannot (``TaskTerminal``).
struct TaskLogChannel: Sendable {
    /// The channel's name in the domain and in the guest's `/dev/virtio-ports`.
    static let name = "org.hck.log"
    /// The line the runner sends first, which the guest waits for.
    static let greeting = "hck-log"

    /// The socket of a domain's channel, in its folder on the host.
    /// - Parameter directory: the domain's folder (its overlay's).
    static func socket(in directory: URL) -> URL {
        directory.appendingPathComponent("log.sock")
    }

    /// How long the runner waits after a small piece before it reads again. Every piece costs the
    /// runner about the same whatever its size (its scan, its log write, the hops between them), and
    /// a guest printing fast on its terminal writes 4 KiB at a time: reading at once gave pieces of
    /// about 5 KiB and cost the runner 1.7–2.0 CPU seconds per 64 MiB; waiting 2 ms gave 18 KiB
    /// and 1.0 s at the same throughput (bench/task-output). Per 256 MiB, 2 ms gave pieces of 19 KiB
    /// and 3.7 CPU seconds, 5 ms 42 KiB and 2.1 s, 10 ms 59 KiB and 1.6 s, at the same throughput;
    /// 5 ms keeps most of that while a guest that speeds up meanwhile fills less of the socket's
    /// buffer (about 200 KiB) before the next read. A line printed alone reaches the log this much
    /// later.
    static let piecePause: Duration = .milliseconds(5)
    /// The size below which a piece is small.
    static let smallPiece = 64 << 10

    /// The connected socket.
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects to a domain's channel (the caller sends the greeting).
    /// - Parameters:
    ///   - path: the socket QEMU listens on.
    ///   - group: the event loop group to use.
    /// - Throws: NIO's error when the socket cannot be reached.
    static func connect(
        _ path: String,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> TaskLogChannel {
        // One read at a time, made when the runner asks for the next piece, of up to 1 MiB: what
        // the guest wrote meanwhile comes as one piece, not as the terminal's 4 KiB writes one by
        // one (see ``piecePause``).
        let reads = AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 64 << 10, maximum: 1 << 20)
        let channel = try await ClientBootstrap(group: group)
            .channelOption(ChannelOptions.recvAllocator, value: reads)
            .channelOption(ChannelOptions.maxMessagesPerRead, value: 1)
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 1))
                    )
                }
            }
        return TaskLogChannel(channel: channel)
    }
}
