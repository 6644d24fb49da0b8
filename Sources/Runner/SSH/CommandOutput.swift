public import NIOCore

/// A piece of what a command in the guest printed, or how it ended.
public enum CommandOutput: Sendable {
    /// Bytes the command wrote to standard output.
    case stdout(ByteBuffer)
    /// Bytes the command wrote to standard error.
    case stderr(ByteBuffer)
    /// How the command ended.
    case exit(CommandExit)
}

/// How a command in the guest ended.
public enum CommandExit: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case status(Int)
    /// A signal killed it.
    case signal(String)

    /// Whether it exited 0.
    public var succeeded: Bool { self == .status(0) }

    /// `exit status N` or `killed by signal S`.
    public var description: String {
        switch self {
        case .status(let status): "exit status \(status)"
        case .signal(let name): "killed by signal \(name)"
        }
    }
}
