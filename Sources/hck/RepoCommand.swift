import ArgumentParser
import CLI
import Client
import Foundation
import Wire

/// `hck repo add|list|rm`.
struct RepoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repo",
        abstract: "Manage your forge repositories: their webhooks build their pushes and pull requests.",
        subcommands: [RepoAddCommand.self, RepoListCommand.self, RepoRemoveCommand.self]
    )
}

/// `hck repo list`.
struct RepoListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your repositories: name, forge, clone URL, commit statuses, fork builds, webhook URL."
    )

    @OptionGroup var client: ClientOptions

    func run() async throws {
        for repository in try await client.client().repositories() {
            let statuses = repository.apiUrl.map { "statuses via \($0)" } ?? "no statuses"
            print(
                [
                    repository.name, repository.forge, repository.cloneUrl, statuses, "forks: \(repository.forkBuilds)",
                    repository.webhookUrl,
                ].joined(separator: "\t")
            )
        }
    }
}

/// `hck repo rm NAME`.
struct RepoRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove one of your repositories (its builds stay; its webhooks get 404 from now on)."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The repository's name, as `hck repo list` shows it.")
    var name: String

    func run() async throws {
        try await client.client().removeRepository(name)
        print("removed repository \(name)")
    }
}
