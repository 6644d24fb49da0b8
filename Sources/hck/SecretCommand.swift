import ArgumentParser
import CLI

/// `hck secret add|list`.
struct SecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Manage your secrets (encrypted at rest; given only to your jobs that allow secrets).",
        subcommands: [SecretAddCommand.self, SecretListCommand.self]
    )
}
