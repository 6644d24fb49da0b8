import HckCore
import Images
public import NIOCore
import NIOSSH

extension GuestConnection {
    /// Runs one command in a new session channel and streams what it prints.
    ///
    /// The output arrives as it is produced; `output` is awaited before more is read, so a slow
    /// consumer holds the guest back (SSH flow control) instead of growing the runner's memory.
    /// Cancelling the calling task closes the whole connection: OpenSSH keeps a session channel
    /// open until its command exits, so closing just the channel would wait for the command.
    /// - Parameters:
    ///   - command: the command line, run by the user's shell in the guest.
    ///   - stdin: bytes to feed to the command's standard input, then EOF. Secrets travel this
    ///     way, never on the command line.
    ///   - output: called with each piece of standard output and standard error.
    /// - Returns: how the command ended.
    public func run(
        _ command: String,
        stdin: ByteBuffer? = nil,
        output: (CommandOutput) async throws -> Void = { _ in }
    ) async throws -> CommandExit {
        let session = try await openSession()
        // The inbound stream does not end on cancellation by itself; closing the connection ends it.
        return try await withTaskCancellationHandler {
            try await exchange(session, command, stdin, output)
        } onCancel: {
            closeNow()
        }
    }

    private func exchange(
        _ session: NIOAsyncChannel<CommandOutput, ByteBuffer>,
        _ command: String,
        _ stdin: ByteBuffer?,
        _ output: (CommandOutput) async throws -> Void
    ) async throws -> CommandExit {
        try await session.executeThenClose { inbound, outbound in
            try await session.channel.triggerUserOutboundEvent(
                SSHChannelRequestEvent.ExecRequest(command: command, wantReply: false)
            ).get()
            if var stdin {
                while let chunk = stdin.readSlice(length: min(stdin.readableBytes, 32 * 1024)),
                    chunk.readableBytes > 0
                {
                    try await outbound.write(chunk)
                }
            }
            outbound.finish()
            var exit: CommandExit?
            for try await piece in inbound {
                if case .exit(let how) = piece { exit = how }
                try await output(piece)
            }
            try Task.checkCancellation()
            guard let exit else {
                throw GuestSSHError(
                    .noExitStatus,
                    "the guest closed the channel of `\(command)` without an exit status"
                )
            }
            return exit
        }
    }

    /// Opens a bare session channel for the caller to drive: send its requests (pty-req, env,
    /// exec or shell, window-change) with `channel.triggerUserOutboundEvent`, write standard input,
    /// read standard output and error and the exit status. The SSH gateway relays users' sessions so.
    /// - Returns: the channel; its inbound stream ends when the guest closes it.
    public func openSession() async throws -> NIOAsyncChannel<CommandOutput, ByteBuffer> {
        let channel = self.channel
        let child = try await channel.eventLoop.flatSubmit {
            let opened = channel.eventLoop.makePromise(of: (any Channel).self)
            do {
                let ssh = try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                ssh.createChannel(opened, channelType: .session) { child, _ in
                    child.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).flatMapThrowing {
                        try child.pipeline.syncOperations.addHandler(CommandChannelHandler())
                    }
                }
            } catch {
                // A connection the guest closed has no pipeline left to open a channel in.
                opened.fail(
                    channel.isActive
                        ? error : GuestSSHError(.connectionClosed, "the SSH connection to the guest is closed")
                )
            }
            return opened.futureResult
        }.get()
        // Nothing arrives on the channel before the exec request, so wrapping it now loses no reads.
        return try await child.eventLoop.submit {
            try NIOAsyncChannel<CommandOutput, ByteBuffer>(
                wrappingChannelSynchronously: child,
                configuration: .init(isOutboundHalfClosureEnabled: true)
            )
        }.get()
    }
}
