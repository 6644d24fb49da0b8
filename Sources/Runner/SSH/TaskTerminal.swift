import Manifest

/// The terminal the task shell runs on, as builds.sr.ht runs each task with `ssh -t`: programs see
/// a terminal on their standard output and error (`isatty`, `TERM`, colours, line buffering).
///
/// The guest makes it, not sshd: the task shell runs under script(1) (util-linux, in every Debian
/// image), which passes the shell's requests to the terminal and its output to sshd through a
/// pipe. A terminal that sshd itself reads (`ssh -t`, a `pty-req`) hands it at most 4 KiB a read
/// (the line discipline's buffer), one SSH packet each: under emulation that carried a task's output
/// at a fifth of a pipe's speed (bench/task-output, docs/ARCHITECTURE.md).
///
/// The terminal is 80×24, echoes nothing (the requests stay out of the log) and processes no output
/// (`-opost`: no LF turned into CR LF), so a task's log holds exactly the bytes it wrote. It lives as
/// long as the shell, so a task's background process may print on after its task, as before.
/// Tasks' standard input stays `/dev/null`: nothing types into a build, and a program that waits
/// for a key would wait until the deadline. The end of the shell's input reaches it as the
/// terminal's end-of-file. An image whose script(1) lacks `--echo` (busybox's, util-linux before
/// 2.35) runs the shell without a terminal.
public enum TaskTerminal {
    /// `TERM` in the guest.
    public static let term = "xterm-256color"
    /// The terminal's columns and rows.
    public static let size = (columns: 80, rows: 24)

    /// A shell line (for `bash -c`) that runs `command` on the terminal when the guest's script(1)
    /// can make it, and as it is otherwise; its exit status is the command's.
    /// - Parameter command: bash commands, run by `bash -c` on the terminal.
    public static func run(_ command: String) -> String {
        let setUp = "stty -opost cols \(size.columns) rows \(size.rows) 2>/dev/null"
        // script(1) hands its -c line to `$SHELL -c` (`/bin/sh` when SHELL is unset, dash on
        // Debian), so that line only starts bash on the command, which it takes from the environment.
        return [
            "hck_command=\(command.shellQuoted)",
            "if script --help 2>/dev/null | grep -q -e --echo; then export TERM=\(term) hck_command;"
                + " exec script -q -e -E never -c '\(setUp); exec bash -c \"unset hck_command; $hck_command\"'"
                + " /dev/null; fi",
            "eval \"$hck_command\"",
        ].joined(separator: "\n")
    }
}
