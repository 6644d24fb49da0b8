import Foundation

/// The `ssh` and `scp` command lines of the srht-style run, with builds.sr.ht's worker's options:
/// the job's key, no host key check (a fresh guest every time, nothing pinned), quiet.
struct GuestSSH {
    /// The private key; its public half went to the guest on the kernel command line.
    let key: URL
    /// The loopback port QEMU forwards to the guest's port 22.
    let port: Int
    /// The image's build user.
    let user: String

    /// The options every `ssh` and `scp` gets.
    private var options: [String] {
        [
            "-i", key.path, "-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
            "LogLevel=quiet",
        ]
    }

    /// `user@127.0.0.1`.
    private var destination: String { "\(user)@127.0.0.1" }

    /// The arguments of `ssh` running `command` in the guest.
    /// - Parameters:
    ///   - command: the remote command's words (ssh joins them with spaces for the guest's shell).
    ///   - terminal: whether to force a terminal (`-t -t`), as the worker does for each task.
    func ssh(_ command: [String], terminal: Bool) -> [String] {
        (terminal ? ["-t", "-t"] : []) + options + ["-p", "\(port)", destination] + command
    }

    /// The arguments of one `scp` copying guest paths (relative ones are under the build user's
    /// home) into `folder`.
    func scp(_ paths: [String], into folder: URL) -> [String] {
        options + ["-P", "\(port)"] + paths.map { "\(destination):\($0)" } + [folder.path]
    }
}
