import Images
public import Manifest
import NIOCore

/// The setup steps of a job, between "SSH answers" and the first task, in the order the
/// manifest reference gives: tasks and `~/.buildenv`, secrets, the package cache, repositories, packages,
/// sources.
///
/// Pure: it renders commands; ``JobRunner`` runs them. Package-manager commands come in
/// already rendered by the image's `PackageManager`, so nothing image-specific is here.
public enum SetupPlan {
    /// The steps for one job; steps with nothing to do are left out.
    /// - Parameters:
    ///   - buildEnv: the rendered `~/.buildenv`.
    ///   - tasks: the manifest's tasks.
    ///   - secrets: the secrets to install.
    ///   - cacheCommand: the command that points the package manager at the runner host's package
    ///     cache, or `nil` when there is none.
    ///   - repositoryCommands: one command per extra repository, from the image's package manager.
    ///   - installCommand: the package installation command, or `nil` when there are no packages.
    ///   - sources: the repositories to clone.
    /// - Returns: the steps in order.
    public static func steps(
        buildEnv: String,
        tasks: [BuildTask],
        secrets: [JobSecret],
        cacheCommand: String? = nil,
        repositoryCommands: [String],
        installCommand: String?,
        sources: [Source]
    ) -> [SetupStep] {
        let files = filesCommand(buildEnv: buildEnv, tasks: tasks)
        var steps = [SetupStep(title: "Sending tasks and ~/.buildenv", commands: [files])]
        if !secrets.isEmpty {
            steps.append(SetupStep(title: "Installing secrets", commands: secretCommands(secrets)))
        }
        if let cacheCommand {
            let shown = GuestCommand(
                display:
                    "apt's proxy: the runner host's package cache while it answers (\(PackageManager.aptProxyProgram))",
                command: cacheCommand
            )
            steps.append(SetupStep(title: "Using the package cache", commands: [shown]))
        }
        if !repositoryCommands.isEmpty {
            steps.append(SetupStep(title: "Adding repositories", commands: repositoryCommands.map(GuestCommand.init)))
        }
        if let installCommand {
            steps.append(SetupStep(title: "Installing packages", commands: [GuestCommand(installCommand)]))
        }
        if !sources.isEmpty {
            steps.append(SetupStep(title: "Cloning sources", commands: sources.map(cloneCommand)))
        }
        return steps
    }

    /// Writes `~/.buildenv` and one executable `~/.tasks/NAME` per task in one command: a tar
    /// archive on its standard input, unpacked in the home directory (one SSH channel, not one
    /// per file). `-m`: the files get the guest's time (the archive's say 1970).
    /// - Parameters:
    ///   - buildEnv: the rendered `~/.buildenv`.
    ///   - tasks: the manifest's tasks.
    public static func filesCommand(buildEnv: String, tasks: [BuildTask]) -> GuestCommand {
        var archive = TarArchive()
        archive.addFile(".buildenv", contents: Array(buildEnv.utf8), mode: 0o644)
        archive.addDirectory(".tasks", mode: 0o755)
        for task in tasks {
            archive.addFile(".tasks/" + task.name, contents: Array(TaskScript.render(task).utf8), mode: 0o755)
        }
        let written = (["~/.buildenv"] + tasks.map { "~/.tasks/" + $0.name }).joined(separator: " ")
        return GuestCommand(
            display: "tar -x -m -C ~ (\(written))",
            command: "tar -x -m -f - -C ~",
            stdin: ByteBuffer(bytes: archive.bytes())
        )
    }

    /// The `ssh` that clones use, as builds.sr.ht's worker clones: the job's `ssh_key` secret (the
    /// default key) logs in, and any host key is accepted and none recorded, since a fresh VM knows
    /// no host. Only the clone uses it; the tasks' own `ssh` checks host keys as usual.
    public static let cloneSSH = "ssh -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o LogLevel=ERROR"

    /// `git clone` (then `git checkout -q REF` and submodules) or `hg clone` (then `hg update -y REF`),
    /// over SSH with ``cloneSSH`` (`git@host:path`, `git+ssh://`, `ssh://`, `hg+ssh://`).
    /// - Parameter source: the source.
    public static func cloneCommand(_ source: Source) -> GuestCommand {
        let directory = source.directory.shellQuoted
        switch source.kind {
        case .git:
            var command = "git clone \(source.url.shellQuoted) \(directory) && cd \(directory)"
            if let ref = source.ref {
                command += " && git checkout -q \(ref.shellQuoted)"
            }
            command += " && git submodule update --init --recursive"
            // The log shows the clone as written; its ssh is set around it.
            return GuestCommand(
                display: command,
                command: "export GIT_SSH_COMMAND=\(cloneSSH.shellQuoted) && \(command)"
            )
        case .hg:
            var command = "hg clone --ssh \(cloneSSH.shellQuoted) \(source.url.shellQuoted) \(directory)"
            if let ref = source.ref {
                command += " && hg -R \(directory) update -y \(ref.shellQuoted)"
            }
            return GuestCommand(command)
        }
    }
}
