import ArgumentParser

/// `hck admin secrets-key …`: the key that seals users' secrets, shared by every server.
struct AdminSecretsKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets-key",
        abstract: "Make the key that seals users' secrets, or move the secrets to a new one.",
        subcommands: [AdminSecretsKeyNewCommand.self, AdminSecretsKeyRotateCommand.self]
    )
}
