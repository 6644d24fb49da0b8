public import NIOCore

/// One command a setup step runs in the guest, as the build user.
public struct GuestCommand: Sendable, Hashable {
    /// What the setup log shows after `$ ` (a secret's command shows no value).
    public var display: String
    /// The command line given to the guest's shell.
    public var command: String
    /// Bytes fed to its standard input (file contents, secret values), never logged.
    public var stdin: ByteBuffer?

    /// Creates a command.
    /// - Parameters:
    ///   - display: what the log shows.
    ///   - command: the command line.
    ///   - stdin: bytes for its standard input.
    public init(display: String, command: String, stdin: ByteBuffer? = nil) {
        self.display = display
        self.command = command
        self.stdin = stdin
    }

    /// A command the log shows as it is.
    /// - Parameter command: the command line.
    public init(_ command: String) {
        self.init(display: command, command: command)
    }
}

/// One step of a job's setup: a header in the setup log and the commands under it.
public struct SetupStep: Sendable, Hashable {
    /// The header, e.g. `Installing packages`.
    public var title: String
    /// The commands, run in order; the first failure fails the step and the job.
    public var commands: [GuestCommand]

    /// Creates a step.
    /// - Parameters:
    ///   - title: the header.
    ///   - commands: its commands.
    public init(title: String, commands: [GuestCommand]) {
        self.title = title
        self.commands = commands
    }
}
