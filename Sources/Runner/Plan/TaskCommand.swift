import Manifest

/// The command line that runs one task in the guest: a fresh login session of the build user
/// running the task's script, in its own SSH session channel (so nothing of one task's shell
/// survives into the next).
///
/// Under emulation every process the guest starts costs tens of milliseconds or more, and a
/// `sudo` a second, so the task runs in the one process sshd starts for the channel, the user's
/// `bash -c`: the command *is* the script (as written to `~/.tasks/NAME`), with its first line,
/// the `#!` comment, replaced by a one-line prologue. The script's lines keep their numbers, its
/// commands run at the shell's top level, so the `set -x` trace, `$LINENO`, error messages
/// (`/home/build/.tasks/NAME: line 5: …`, `$0` being set to the file) and exit statuses are those
/// of `bash ~/.tasks/NAME`; only `${BASH_SOURCE[0]}` is empty. The prologue:
/// 1. ends at once, printing ``completeBuildMarker`` on the channel's standard error, when
///    `~/.complete-build` holds 1: an earlier task called `complete-build`, and this one and the
///    rest are skipped;
/// 2. merges standard error into standard output, so the trace and the output interleave
///    exactly as produced;
/// 3. compares the session's groups (`$GROUPS`) with the user's in `/etc/passwd` and
///    `/etc/group`, with builtins (`mapfile`, patterns): sshd's sessions on one connection keep the groups of the SSH
///    login, so after a `usermod -aG` in one task the next runs through
///    `sudo -u USER -H bash -lc 'exec bash ~/.tasks/NAME'`, which reads them afresh;
/// 4. reads the login profile as `bash -l` would (`/etc/profile`, then the first of
///    `~/.bash_profile`, `~/.bash_login`, `~/.profile`); Debian's `/etc/profile` asks `id -u`,
///    which a function answers from `$EUID` meanwhile (the same answer, without a process).
public enum TaskCommand {
    /// What the guest writes to the channel's standard error when an earlier task called
    /// `complete-build` (`~/.complete-build` holds 1); the task then does not run.
    public static let completeBuildMarker = "hck:complete-build"

    /// The command for a task.
    /// - Parameters:
    ///   - task: the task (its name is `[a-z0-9_-]+`, so it needs no quoting).
    ///   - user: the build user (the one logged in).
    public static func command(for task: BuildTask, user: String) -> String {
        let script = TaskScript.render(task)
        let prologue = prologue(forTask: task.name, user: user.shellQuoted)
        guard script.hasPrefix("#"), let firstNewline = script.firstIndex(of: "\n") else {
            return prologue + "\n" + script
        }
        return prologue + script[firstNewline...]
    }

    private static func prologue(forTask name: String, user: String) -> String {
        let file = "~/.tasks/\(name)"
        return [
            "if [ -r ~/.complete-build ] && read -r hck_done <~/.complete-build && [ \"$hck_done\" = 1 ];"
                + " then echo \(completeBuildMarker) >&2; exit 0; fi",
            "unset hck_done",
            "exec 2>&1",
            // mapfile reads each file in a few calls; `read` in a loop reads them byte by byte,
            // a syscall each (~0.1 s under emulation).
            "hck_groups_current() { local - IFS=: line; local -a lines fields; local -A wanted=(); set -f",
            "mapfile -t lines </etc/passwd",
            "for line in \"${lines[@]}\"; do case $line in \(user):*) fields=($line); wanted[${fields[3]}]=1 ;; esac; done",
            "mapfile -t lines </etc/group",
            "for line in \"${lines[@]}\"; do case ,${line##*:}, in *,\(user),*) fields=($line); wanted[${fields[2]}]=1 ;; esac; done",
            "[ \"${#wanted[@]}\" = \"${#GROUPS[@]}\" ] || return 1",
            "for line in \"${GROUPS[@]}\"; do [ -n \"${wanted[$line]-}\" ] || return 1; done; }",
            "hck_groups_current || exec sudo -u \(user) -H bash -lc 'exec bash \(file)'",
            "unset -f hck_groups_current",
            "id() { if [ \"$*\" = -u ]; then echo \"$EUID\"; else command id \"$@\"; fi; }",
            "if [ -r /etc/profile ]; then . /etc/profile; fi",
            "unset -f id",
            "if [ -r ~/.bash_profile ]; then . ~/.bash_profile; elif [ -r ~/.bash_login ]; then . ~/.bash_login;"
                + " elif [ -r ~/.profile ]; then . ~/.profile; fi",
            "BASH_ARGV0=\(file)",
        ].joined(separator: "; ")
    }
}
