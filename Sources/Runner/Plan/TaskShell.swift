import Manifest

/// The task shell: one long-lived bash in the guest, per job, that starts each task as a fresh
/// bash running the task's script, and says how it ended.
///
/// Under emulation a session channel per task costs three round trips and sshd's fork and exec
/// of the user's shell before the task's first byte, and a dynamically linked bash takes about
/// 55 ms to start where a statically linked one takes about 25 ms. So the runner opens one
/// session channel for all the tasks and runs ``program(user:)`` in it (sshd's `bash -c`); for
/// each task it writes a ``request(task:marker:)`` line to the shell's standard input, and the
/// shell runs, as its child, `bash-static ~/.tasks/NAME` (plain `bash` when the image lacks
/// `bash-static`), with standard input from `/dev/null` and standard error merged into standard
/// output, so the `set -x` trace and the output interleave exactly as produced. It is a new
/// process reading the script file itself, so line numbers, the trace, error messages
/// (`/home/build/.tasks/NAME: line 5: …`), `$0`, `$$`, `${BASH_SOURCE[0]}` and the exit status
/// are those of `bash ~/.tasks/NAME`; only `$BASH` names `bash-static`.
///
/// The login profile is read through `BASH_ENV` (``prologue(user:)``, written to
/// `~/.tasks/.prologue` when the shell starts), which then unsets itself:
/// 1. it compares the session's groups (`$GROUPS`) with the user's in `/etc/passwd` and
///    `/etc/group`, with builtins only (`mapfile`, patterns): sshd's session keeps the groups of
///    the SSH login, so after a `usermod -aG` in one task the next runs through
///    `sudo -u USER -H bash -lc 'exec bash "$0"' SCRIPT`, which reads them afresh;
/// 2. it reads the login profile as `bash -l` would (`/etc/profile`, then the first of
///    `~/.bash_profile`, `~/.bash_login`, `~/.profile`); Debian's `/etc/profile` asks `id -u`,
///    which a function answers from `$EUID` meanwhile (the same answer, without a process).
///
/// The shell runs on a terminal (``TaskTerminal``, see ``command(user:)``), so its tasks do, as
/// builds.sr.ht's `ssh -t` gives each task one. A pager would wait on it for a key that never comes (`git log` runs `less` when its output is a terminal), so the
/// prologue makes `cat` the pager (`PAGER`, `GIT_PAGER`, `SYSTEMD_PAGER`) unless the login profile
/// chose one; the manifest's environment, read by the task's preamble, can set another.
///
/// When the task has ended, the shell prints the request's marker, a space, and the exit status
/// or `complete-build` (when `~/.complete-build` holds 1: an earlier task called
/// `complete-build`, so this one does not run), then a newline. The marker is random per task,
/// so nothing a task prints can end it (``TaskEndScanner`` finds it).
public enum TaskShell {
    /// The SSH session's command (the user's `bash -c`): ``program(user:)`` on the task terminal.
    /// - Parameters:
    ///   - user: the build user (the one logged in).
    ///   - logChannel: whether the terminal's output goes to the guest's ``TaskLogChannel`` (see
    ///     ``TaskTerminal/run(_:logChannel:)``).
    public static func command(user: String, logChannel: Bool = false) -> String {
        TaskTerminal.run(program(user: user), logChannel: logChannel)
    }

    /// The shell's program: a request per line on standard input, until its end.
    /// - Parameter user: the build user (the one logged in).
    public static func program(user: String) -> String {
        [
            "hck_bash=$(type -P bash-static || type -P bash); : \"${hck_bash:=bash}\"",
            "printf '%s\\n' \(prologue(user: user).shellQuoted) >~/.tasks/.prologue || exit",
            "while IFS=' ' read -r hck_task hck_marker; do",
            "if [ -r ~/.complete-build ] && read -r hck_done <~/.complete-build && [ \"$hck_done\" = 1 ];"
                + " then printf '%s complete-build\\n' \"$hck_marker\"; continue; fi",
            "BASH_ENV=~/.tasks/.prologue \"$hck_bash\" ~/.tasks/\"$hck_task\" </dev/null 2>&1",
            "printf '%s %d\\n' \"$hck_marker\" \"$?\"",
            "done",
        ].joined(separator: "\n")
    }

    /// What each task's bash reads before its script (`BASH_ENV`): the groups check and the
    /// login profile.
    /// - Parameter user: the build user.
    public static func prologue(user: String) -> String {
        let user = user.shellQuoted
        return [
            "unset BASH_ENV",
            // mapfile reads each file in a few calls; `read` in a loop reads them byte by byte,
            // a syscall each (~0.1 s under emulation).
            "hck_groups_current() { local - IFS=: line; local -a lines fields; local -A wanted=(); set -f",
            "mapfile -t lines </etc/passwd",
            "for line in \"${lines[@]}\"; do case $line in \(user):*) fields=($line); wanted[${fields[3]}]=1 ;; esac; done",
            "mapfile -t lines </etc/group",
            "for line in \"${lines[@]}\"; do case ,${line##*:}, in *,\(user),*) fields=($line); wanted[${fields[2]}]=1 ;; esac; done",
            "[ \"${#wanted[@]}\" = \"${#GROUPS[@]}\" ] || return 1",
            "for line in \"${GROUPS[@]}\"; do [ -n \"${wanted[$line]-}\" ] || return 1; done; }",
            "hck_groups_current || exec sudo -u \(user) -H bash -lc 'exec bash \"$0\"' \"$0\"",
            "unset -f hck_groups_current",
            "id() { if [ \"$*\" = -u ]; then echo \"$EUID\"; else command id \"$@\"; fi; }",
            "if [ -r /etc/profile ]; then . /etc/profile; fi",
            "unset -f id",
            "if [ -r ~/.bash_profile ]; then . ~/.bash_profile; elif [ -r ~/.bash_login ]; then . ~/.bash_login;"
                + " elif [ -r ~/.profile ]; then . ~/.profile; fi",
            "export PAGER=\"${PAGER-cat}\" GIT_PAGER=\"${GIT_PAGER-cat}\" SYSTEMD_PAGER=\"${SYSTEMD_PAGER-cat}\"",
        ].joined(separator: "\n")
    }

    /// The line that asks the shell to run a task.
    /// - Parameters:
    ///   - task: the task's name (`[a-z0-9_-]+`, so it needs no quoting; its script is
    ///     `~/.tasks/NAME`).
    ///   - marker: what the shell prints before the task's status; see ``newMarker()``.
    public static func request(task: String, marker: String) -> String {
        "\(task) \(marker)\n"
    }

    /// A fresh random marker: `hck-end-` and 32 hexadecimal digits.
    public static func newMarker() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        return "hck-end-" + digits.joined()
    }
}
