import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

/// `hck secret add --kind ssh_key|pgp_key|file [--path P --mode M] NAME < FILE`.
struct SecretAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a secret read from standard input."
    )

    @OptionGroup var client: ClientOptions

    @Option(help: "ssh_key, pgp_key or file.")
    var kind: String

    @Option(help: "Where a file secret is written in the guest (~ = the build user's home).")
    var path: String?

    @Option(help: "A file secret's octal mode (default 600).")
    var mode: String?

    @Argument(help: "The secret's name, which manifests use (or its UUID).")
    var name: String

    func run() async throws {
        guard let kind = Secret.Kind(rawValue: kind) else {
            throw ValidationError("--kind must be ssh_key, pgp_key or file, not '\(kind)'")
        }
        let octal = try mode.map {
            guard let value = Int($0, radix: 8) else {
                throw ValidationError("--mode must be octal, like 600, not '\($0)'")
            }
            return value
        }
        let value = FileHandle.standardInput.readDataToEndOfFile()
        guard !value.isEmpty else {
            throw ValidationError("standard input was empty: run `hck secret add ... NAME < FILE`")
        }
        let info = try await client.client().addSecret(
            SecretRequest(name: name, kind: kind, path: path, mode: octal, value: value)
        )
        print("\(info.id.uuidString.lowercased())\t\(info.name)")
    }
}
