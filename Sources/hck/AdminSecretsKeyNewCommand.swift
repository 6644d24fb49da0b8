import ArgumentParser
import Store

/// `hck admin secrets-key new FILE`: writes a new key and prints its fingerprint.
struct AdminSecretsKeyNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a new secrets key to FILE (mode 600; never over an existing file) and print its fingerprint.",
        discussion: """
            Give the same file to every server sharing a database (`hck server --secrets-key-file FILE`). \
            The store records the fingerprint of the first key it is used with, and a server started with \
            another key refuses to start.
            """
    )

    @Argument(help: "Where to write the key.")
    var file: String

    func run() async throws {
        print(try SecretBox.createKeyFile(at: file).fingerprint)
    }
}
