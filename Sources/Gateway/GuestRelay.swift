import HckCore
import Images
import NIOCore
import NIOSSH
import Runner

/// Runs a user's session as a session channel on the runner's own connection into the guest:
/// the terminal and environment requests first, then `exec` or `shell`, then standard input one
/// way and standard output, standard error and the exit status the other.
struct GuestRelay {
    let connection: GuestConnection
    let request: SessionRequest
    let command: String?

    /// Relays until the guest's command ends (or the user goes: cancelling closes the guest channel).
    /// - Parameters:
    ///   - input: what the user sends after the command started.
    ///   - output: the user's channel.
    /// - Returns: how the command ended.
    func run(input: AsyncStream<GuestInput>, output: NIOAsyncChannelOutboundWriter<SessionOutput>) async throws
        -> CommandExit
    {
        let guest = try await connection.openSession()
        let channel = guest.channel
        return try await withTaskCancellationHandler {
            try await guest.executeThenClose { fromGuest, toGuest in
                if var pty = request.pty {
                    pty.wantReply = false
                    try await channel.triggerUserOutboundEvent(pty).get()
                }
                for variable in request.environment {
                    let event = SSHChannelRequestEvent.EnvironmentRequest(
                        wantReply: false,
                        name: variable.name,
                        value: variable.value
                    )
                    try await channel.triggerUserOutboundEvent(event).get()
                }
                if let command {
                    try await channel.triggerUserOutboundEvent(
                        SSHChannelRequestEvent.ExecRequest(command: command, wantReply: false)
                    ).get()
                } else {
                    try await channel.triggerUserOutboundEvent(SSHChannelRequestEvent.ShellRequest(wantReply: false))
                        .get()
                }
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Input after the guest stopped reading is dropped; the command's end decides.
                        for await piece in input {
                            switch piece {
                            case .data(let bytes): try? await toGuest.write(bytes)
                            case .eof: toGuest.finish()
                            case .windowChange(let size): try? await channel.triggerUserOutboundEvent(size).get()
                            case .signal(let name):
                                try? await channel.triggerUserOutboundEvent(
                                    SSHChannelRequestEvent.SignalRequest(signal: name)
                                ).get()
                            }
                        }
                    }
                    var exit: CommandExit?
                    for try await piece in fromGuest {
                        switch piece {
                        case .stdout(let bytes): try await output.write(.stdout(bytes))
                        case .stderr(let bytes): try await output.write(.stderr(bytes))
                        case .exit(let how): exit = how
                        }
                    }
                    group.cancelAll()
                    guard let exit else {
                        throw GuestSSHError(.noExitStatus, "the guest closed the session without an exit status")
                    }
                    return exit
                }
            }
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
