import NIOCore
import NIOSSH
import Runner

/// What a user's SSH client sends on a session channel to the gateway.
enum SessionInput: Sendable {
    /// Bytes for the command's standard input.
    case data(ByteBuffer)
    /// The client will send no more input.
    case eof
    /// A pseudo-terminal, with its size and modes.
    case pty(SSHChannelRequestEvent.PseudoTerminalRequest)
    /// An environment variable.
    case environment(SSHChannelRequestEvent.EnvironmentRequest)
    /// `exec COMMAND`: for the gateway, `JOB [COMMAND]`.
    case exec(String)
    /// `shell`: no command at all, so no job named.
    case shell
    /// The terminal's new size.
    case windowChange(SSHChannelRequestEvent.WindowChangeRequest)
    /// A signal for the command.
    case signal(String)
}

/// What the gateway sends back on a user's session channel.
enum SessionOutput: Sendable {
    /// Standard output.
    case stdout(ByteBuffer)
    /// Standard error.
    case stderr(ByteBuffer)
    /// How the command ended; the channel closes after it.
    case exit(CommandExit)
}

extension SessionOutput {
    /// A line for the user's standard error, from the gateway itself.
    /// - Parameter text: the line, without its newline.
    static func notice(_ text: String) -> SessionOutput {
        .stderr(ByteBuffer(string: "hck: \(text)\r\n"))
    }
}
