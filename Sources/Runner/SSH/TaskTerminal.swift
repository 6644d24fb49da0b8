import NIOSSH

/// The terminal the task shell runs on, as builds.sr.ht runs each task with `ssh -t`: programs see
/// a terminal on their standard output and error (`isatty`, `TERM`, colours, line buffering).
///
/// The terminal neither echoes the shell's input (the task requests) nor processes output
/// (`-opost`: no LF turned into CR LF), so a task's log holds exactly the bytes it wrote, and the
/// requests stay out of it. Tasks' standard input stays `/dev/null`, as without a terminal: nothing
/// types into a build, and a program that waits for a key would wait until the deadline.
enum TaskTerminal {
    /// `TERM` in the guest.
    static let term = "xterm-256color"

    /// The `pty-req` sent before the task shell's `exec`: 80×24, no echo, no output processing.
    static var request: SSHChannelRequestEvent.PseudoTerminalRequest {
        SSHChannelRequestEvent.PseudoTerminalRequest(
            wantReply: false,
            term: term,
            terminalCharacterWidth: 80,
            terminalRowHeight: 24,
            terminalPixelWidth: 0,
            terminalPixelHeight: 0,
            terminalModes: SSHTerminalModes([
                .ECHO: .init(rawValue: 0),
                .OPOST: .init(rawValue: 0),
            ])
        )
    }

    /// Ends the shell's input: the end-of-file character at a line's start (a terminal passes the
    /// channel's own end of input on to no one).
    static let endOfInput = "\u{04}"
}
