import ArgumentParser
import CLI
import Server
import Store

/// `hck admin secrets-key rotate --to NEW`: re-seals every secret, and every repository's webhook
/// secret and API token, under a new key.
struct AdminSecretsKeyRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: """
            Re-seal every secret, and every repository's webhook secret and API token, under a new key (made by \
            `hck admin secrets-key new`), in one transaction.
            """,
        discussion: """
            The secrets are sealed now with the key --secrets-key-file names. Afterwards, restart every \
            server with --secrets-key-file NEW: a server still holding the old key cannot open the secrets \
            (jobs it hands out go back to the queue), and one started with it refuses to start.
            """
    )

    @OptionGroup var directory: DataDirectoryOption
    @OptionGroup var secretsKey: SecretsKeyOption

    @Option(help: "The new key's file.")
    var to: String

    func run() async throws {
        let old = try secretsKey.open(dataDirectory: directory.dataDirectory)
        let new = try SecretBox(keyFile: to)
        let count = try await directory.withAdministration { try await $0.rotateSecretsKey(from: old, to: new) }
        print("re-sealed \(count) sealed value\(count == 1 ? "" : "s"): \(old.fingerprint) -> \(new.fingerprint)")
    }
}
