import ArgumentParser
import CLI
import HckCore

/// `hck`: submit builds, run them locally, and operate the service.
@main
struct Hck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hck",
        abstract: "An ephemeral-VM CI service for builds.sr.ht-style manifests.",
        version: ProductVersion.current,
        subcommands: [
            ValidateCommand.self, RunCommand.self,
            SubmitCommand.self, JobsCommand.self, StatusCommand.self, LogsCommand.self, CancelCommand.self,
            ResubmitCommand.self, ArtifactsCommand.self, SecretCommand.self, KeyCommand.self, ScheduleCommand.self,
            SSHCommand.self,
            ServerCommand.self, RunnerCommand.self, RunnersCommand.self, UpCommand.self, AdminCommand.self,
            ImageCommand.self, GitHookCommand.self, RepoCommand.self,
        ]
    )
}
