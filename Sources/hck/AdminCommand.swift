import ArgumentParser
import CLI
import Client
import Server
import Store
import Wire

/// `hck admin …`: acts on the server's store directly.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the server's data directory (users, runner tokens, the secrets key, expired data).",
        subcommands: [
            AdminCreateUserCommand.self, AdminRunnerTokenCommand.self, AdminRevokeTokenCommand.self,
            AdminSecretsKeyCommand.self, AdminPruneCommand.self,
        ]
    )
}

/// Where `hck admin` finds the store: the data directory, or the database named by `--database`.
struct DataDirectoryOption: ParsableArguments {
    @Option(help: "The data directory (default: $HCK_DATA_DIR, /var/lib/hck as root, else ~/.local/share/hck).")
    var data: String?

    @OptionGroup var database: DatabaseOption

    /// The data directory's path.
    var dataDirectory: String { data ?? DataDirectory.defaultPath }

    /// Runs `body` on the store.
    /// - Parameter body: what to do.
    func withAdministration<T: Sendable>(_ body: @Sendable (Administration) async throws -> T) async throws -> T {
        try await Administration.with(
            dataDirectory: dataDirectory,
            database: try database.location(),
            body
        )
    }
}
