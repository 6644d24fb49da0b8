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
    /// - Parameters:
    ///   - command: bash commands, run by `bash -c` on the terminal.
    ///   - logChannel: whether the runner connected the guest's ``TaskLogChannel`` and sent its
    ///     greeting: the terminal's output then goes there when the guest's device can be written
    ///     and the greeting arrives within 10 s, and to standard output otherwise.
    public static func run(_ command: String, logChannel: Bool = false) -> String {
        let setUp = "stty -opost cols \(size.columns) rows \(size.rows) 2>/dev/null"
        let toChannel = [
            // The port is found by its name in sysfs: udev's /dev/virtio-ports link may not be
            // there yet on a cold boot, where sshd answers before systemd has booted. It is the
            // build user's (a udev rule of the image); before that rule ran, or in an image
            // without it, sudo makes it so when it can.
            "for hck_log in /sys/class/virtio-ports/*; do if [ -r \"$hck_log/name\" ] && read -r hck_greeting <\"$hck_log/name\""
                + " && [ \"$hck_greeting\" = \(TaskLogChannel.name) ]; then hck_log=/dev/${hck_log##*/}; break; fi; hck_log=; done",
            "if [ -n \"$hck_log\" ] && { [ -w \"$hck_log\" ] || sudo -n chown \"$(id -u)\" \"$hck_log\" 2>/dev/null; }; then",
            "if exec 3<>\"$hck_log\" && IFS= read -r -t 10 hck_greeting <&3"
                + " && [ \"$hck_greeting\" = \(TaskLogChannel.greeting) ]; then exec >&3; fi",
            "exec 3>&-; fi; unset hck_log hck_greeting",
        ]
        // script(1) hands its -c line to `$SHELL -c` (`/bin/sh` when SHELL is unset, dash on
        // Debian), so that line only starts bash on the command, which it takes from the environment.
        let onTerminal = [
            "if script --help 2>/dev/null | grep -q -e --echo; then export TERM=\(term) hck_command;"
                + " exec script -q -e -E never -c '\(setUp); exec bash -c \"unset hck_command; $hck_command\"'"
                + " /dev/null; fi",
            "eval \"$hck_command\"",
        ]
        let assignment: [String] = ["hck_command=\(command.shellQuoted)"]
        return (assignment + (logChannel ? toChannel : []) + onTerminal).joined(separator: "\n")
    }
}
