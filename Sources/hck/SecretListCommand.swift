import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

/// `hck secret list`.
struct SecretListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your secrets (never their values)."
    )

    @OptionGroup var client: ClientOptions

    func run() async throws {
        for secret in try await client.client().secrets() {
            let file = secret.path.map { " \($0) \(String(secret.mode ?? 0o600, radix: 8))" } ?? ""
            print("\(secret.id.uuidString.lowercased())\t\(secret.kind.rawValue)\t\(secret.name)\(file)")
        }
    }
}
