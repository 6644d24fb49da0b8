import ArgumentParser
import CLI
import Client
import Server
import Store
import Wire

/// `hck admin runner-token [NAME]`: prints a token for a runner node.
struct AdminRunnerTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runner-token",
        abstract: "Make a token for a runner node and print it (use with `hck runner --token`)."
    )

    @OptionGroup var directory: DataDirectoryOption

    @Argument(help: "The runner's name (default: runner).")
    var name = "runner"

    func run() async throws {
        let name = name
        print(try await directory.withAdministration { try await $0.issueToken(for: name, role: .runner) })
    }
}
