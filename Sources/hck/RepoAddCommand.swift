import ArgumentParser
import CLI
import Client
import Foundation
import GitPush
import Store
import Wire

/// `hck repo add NAME --forge gitea|github|gitlab --clone-url URL --secret-file F
/// [--api-url URL --api-token-file F] [--fork-builds approve|run]`.
struct RepoAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a forge repository: its webhooks then build its pushes and pull requests for you.",
        discussion: """
            Give the forge the webhook URL this prints, the same secret, and the push and pull request \
            events (GitLab: push and merge request events). Each push submits .build.yml and .builds/*.yml \
            of the pushed commit as one job group, the source naming the repository pinned to the commit. \
            With --api-url and --api-token-file hck sets the commit's status. Pull requests from forks \
            run without secrets or OAUTH2_TOKEN, and wait for your approval on the group's page unless \
            --fork-builds run.
            """
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The repository's name among yours (letters, digits, '.', '_', '-'): the builds' first tag.")
    var name: String

    @Option(help: "gitea (also for Forgejo), github or gitlab.")
    var forge: String

    @Option(name: .customLong("clone-url"), help: "The http(s):// or git:// URL the forge's payloads name.")
    var cloneURL: String

    @Option(name: .customLong("secret-file"), help: "A file holding the webhook secret given to the forge.")
    var secretFile: String

    @Option(
        name: .customLong("api-url"),
        help: "The forge's API, for commit statuses: https://HOST/api/v1, https://api.github.com, https://HOST/api/v4."
    )
    var apiURL: String?

    @Option(name: .customLong("api-token-file"), help: "A file holding a token that may set commit statuses.")
    var apiTokenFile: String?

    @Option(name: .customLong("fork-builds"), help: "approve (the default) or run: what a fork's pull request does.")
    var forkBuilds: String?

    func validate() throws {
        guard Forge(rawValue: forge) != nil else {
            throw ValidationError("--forge must be gitea (also for Forgejo), github or gitlab, not '\(forge)'")
        }
        guard (apiURL == nil) == (apiTokenFile == nil) else {
            throw ValidationError("--api-url and --api-token-file go together: commit statuses need both")
        }
        if let forkBuilds, RegisteredRepository.ForkBuilds(rawValue: forkBuilds) == nil {
            throw ValidationError("--fork-builds must be approve or run, not '\(forkBuilds)'")
        }
    }

    func run() async throws {
        let request = RepositoryRequest(
            name: name,
            forge: forge,
            cloneUrl: cloneURL,
            secret: try SecretFile.read(secretFile, option: "--secret-file"),
            apiUrl: apiURL,
            apiToken: try apiTokenFile.map { try SecretFile.read($0, option: "--api-token-file") },
            forkBuilds: forkBuilds
        )
        let repository = try await client.client().addRepository(request)
        print("repository \(repository.name): give \(repository.forge) the webhook URL \(repository.webhookUrl)")
    }
}
