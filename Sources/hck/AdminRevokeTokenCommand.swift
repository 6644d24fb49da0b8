import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

/// `hck admin revoke-token TOKEN | --user NAME`: tokens that no longer authenticate anyone.
struct AdminRevokeTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke-token",
        abstract: "Revoke a token (or every token of a user or runner); a running server refuses it within a second.",
        discussion:
            "Pass the token itself ('-' reads it from standard input, keeping it out of shell history), or --user NAME."
    )

    @OptionGroup var directory: DataDirectoryOption

    @Argument(help: "The token to revoke, or '-' to read it from standard input.")
    var token: String?

    @Option(help: "Revoke every token of this user or runner instead.")
    var user: String?

    @Option(help: "Why, shown to whoever presents the token later.")
    var reason = "revoked by the administrator"

    func validate() throws {
        guard (token == nil) != (user == nil) else {
            throw ValidationError("pass either a TOKEN (or '-') or --user NAME, not both and not neither")
        }
    }

    func run() async throws {
        let reason = reason
        if let user {
            let count = try await directory.withAdministration { try await $0.revokeTokens(of: user, reason: reason) }
            print("revoked \(count) token(s) of \(user)")
        } else if let token {
            let value =
                token == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : token
            let owner = try await directory.withAdministration { try await $0.revoke(token: value, reason: reason) }
            print("revoked a token of \(owner)")
        }
    }
}
