/// The command line that runs one task in the guest.
///
/// Each task runs in its own SSH session channel as a fresh login shell of the build user
/// (`bash -l`), so nothing of one task's shell survives into the next. It starts through
/// `sudo -u USER`, which reads the user's groups afresh: sshd's session processes are forked from
/// the connection's unprivileged process and keep the groups of the login, so without it a
/// group added with `usermod` in one task would not be in effect in the next. The login shell
/// `exec`s the script, so the login profile is read but `~/.bash_logout` (which fails without a
/// terminal, under the script's `set -e`) is not run. Standard error is merged into standard output in the guest, so
/// the `set -x` trace and the output interleave exactly as produced. Whether the task called
/// `complete-build` comes back on the SSH standard-error stream, which the task itself no
/// longer writes to, saving a round trip per task.
public enum TaskCommand {
    /// What the guest writes to the channel's standard error when `~/.complete-build` holds 1.
    public static let completeBuildMarker = "hck:complete-build"

    /// The command for a task.
    /// - Parameters:
    ///   - name: the task's name (`[a-z0-9_-]+`, so it needs no quoting).
    ///   - user: the build user (the one logged in).
    public static func command(forTask name: String, user: String) -> String {
        "sudo -u \(user) -H bash -lc 'exec bash ~/.tasks/\(name)' 2>&1; hck_status=$?; "
            + "if [ \"$(cat ~/.complete-build 2>/dev/null)\" = 1 ]; then echo \(completeBuildMarker) >&2; fi; "
            + "exit $hck_status"
    }
}
