import ArgumentParser

/// `hck admin …`: acts on the server's data directory directly.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Administer the server's data directory (users, runner tokens).",
        subcommands: [AdminCreateUserCommand.self, AdminRunnerTokenCommand.self, AdminRevokeTokenCommand.self]
    )
}

/// Where `hck admin` finds the data directory.
struct DataDirectoryOption: ParsableArguments {
    @Option(help: "The data directory (default: $HCK_DATA_DIR, /var/lib/hck as root, else ~/.local/share/hck).")
    var data: String?
}
