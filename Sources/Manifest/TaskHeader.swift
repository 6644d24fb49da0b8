/// The line that announces a task in a job's setup log, just before the task runs: written by the
/// runner, and looked for by a follower of all of a job's logs, which shows each task's log right
/// after its own header.
public enum TaskHeader {
    /// The header line of the task `name`, without its newline (bold, as the setup log's other
    /// `==>` lines).
    public static func line(_ name: String) -> String {
        "\u{1B}[1m==> Running task \(name)\u{1B}[0m"
    }
}
