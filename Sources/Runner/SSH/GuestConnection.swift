import Crypto
import HckCore
import Images
public import NIOCore
public import NIOPosix
public import NIOSSH

/// One SSH connection to a job's guest, carrying all of the job's work.
///
/// Every command (setup step, task, file copy) runs in its own session channel on this one
/// connection, so the key exchange (about a second under TCG) is paid once per job.
public final class GuestConnection: Sendable {
    /// The underlying TCP channel with the SSH handler.
    let channel: any Channel

    /// The ciphers offered to the guest, in order of preference: AES-128-GCM first, then the rest
    /// of swift-nio-ssh's (AES-256-GCM).
    ///
    /// The guest's sshd encrypts every byte a job prints, and under emulation (TCG) its CPU is the
    /// bottleneck of a task's log: AES-128 does 10 rounds a block where AES-256 does 14, with the
    /// same GHASH, and both are 128-bit-block AES in GCM (OpenSSH offers both). swift-nio-ssh
    /// prefers AES-256 by default.
    public static var ciphers: [any NIOSSHTransportProtection.Type] {
        let all = NIOSSH.Constants.bundledTransportProtectionSchemes.map { $0 as any NIOSSHTransportProtection.Type }
        let preferred = "aes128-gcm@openssh.com"
        return all.filter { $0.cipherName == preferred } + all.filter { $0.cipherName != preferred }
    }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects and authenticates once.
    /// - Parameters:
    ///   - host: the address SSH listens on (the forwarded port is on 127.0.0.1).
    ///   - port: the TCP port.
    ///   - user: the user to log in as.
    ///   - key: the job's key.
    ///   - hostKey: the only host key to accept.
    ///   - timeout: how long the TCP connect and the handshake may take together.
    ///   - group: the event loop group to use.
    /// - Returns: an authenticated connection.
    public static func connect(
        host: String = "127.0.0.1",
        port: Int,
        user: String,
        key: JobKey,
        hostKey: NIOSSHPublicKey,
        timeout: Duration = .seconds(30),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> GuestConnection {
        let started = ContinuousClock.now
        // The watcher's future is taken while the pipeline is built: a guest that refuses at once
        // closes the channel, and a pipeline that is gone no longer has the watcher to ask.
        let (channel, authenticated) = try await ClientBootstrap(group: group)
            .connectTimeout(.init(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let ssh = NIOSSHHandler(
                        role: .client(
                            .init(
                                userAuthDelegate: JobKeyAuthenticationDelegate(user: user, key: key.sshPrivateKey),
                                serverAuthDelegate: PinnedHostKeyDelegate(expected: hostKey),
                                transportProtectionSchemes: GuestConnection.ciphers
                            )
                        ),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: nil
                    )
                    let watcher = AuthenticationWatcher(eventLoop: channel.eventLoop)
                    try channel.pipeline.syncOperations.addHandler(ssh)
                    try channel.pipeline.syncOperations.addHandler(watcher)
                    return (channel, watcher.authenticated)
                }
            }
        // Closing the channel fails `authenticated`; the deadline and cancellation both do that.
        let deadline = channel.eventLoop.scheduleTask(in: .init(timeout)) { channel.close(promise: nil) }
        defer { deadline.cancel() }
        do {
            try await withTaskCancellationHandler {
                try await authenticated.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            try? await channel.close().get()
            try Task.checkCancellation()
            if ContinuousClock.now - started >= timeout {
                throw GuestSSHError(.settleTimeout, "no SSH handshake with \(host):\(port) within \(timeout)")
            }
            throw error
        }
        return GuestConnection(channel: channel)
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close().get()
    }

    /// Starts closing the connection without waiting for it, as cancellation handlers must: every
    /// channel on it ends, and whatever reads from them sees the end.
    public func closeNow() {
        channel.close(promise: nil)
    }
}
