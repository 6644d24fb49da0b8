/// The command line that runs one task in the guest.
///
/// Each task runs in its own SSH session channel as a fresh login shell of the build user
/// (`bash -l`), so nothing of one task's shell survives into the next and group changes made
/// with `usermod` take effect. Standard error is merged into standard output in the guest, so
/// the `set -x` trace and the output interleave exactly as produced. Whether the task called
/// `complete-build` comes back on the SSH standard-error stream, which the task itself no
/// longer writes to, saving a round trip per task.
public enum TaskCommand {
    /// What the guest writes to the channel's standard error when `~/.complete-build` holds 1.
    public static let completeBuildMarker = "hck:complete-build"

    /// The command for a task.
    /// - Parameter name: the task's name (`[a-z0-9_-]+`, so it needs no quoting).
    public static func command(forTask name: String) -> String {
        "bash -l ~/.tasks/\(name) 2>&1; hck_status=$?; "
            + "if [ \"$(cat ~/.complete-build 2>/dev/null)\" = 1 ]; then echo \(completeBuildMarker) >&2; fi; "
            + "exit $hck_status"
    }
}
