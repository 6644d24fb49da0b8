import ArgumentParser
import CLI
import Client
import Server
import Store
import Wire

/// `hck admin create-user NAME`: prints a new token for the user (creating the user when new).
struct AdminCreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a user (or add a token to one) and print the token; it is stored only hashed."
    )

    @OptionGroup var directory: DataDirectoryOption

    @Argument(help: "The user's name.")
    var name: String

    func run() async throws {
        let name = name
        print(try await directory.withAdministration { try await $0.issueToken(for: name, role: .user) })
    }
}
