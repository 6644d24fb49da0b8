import ArgumentParser
import CLI
import Client
import Foundation
import Server
import Store
import Wire

/// `hck key add|list|rm`.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Manage the SSH public keys that let you into your jobs' kept VMs (`hck ssh`).",
        subcommands: [KeyAddCommand.self, KeyListCommand.self, KeyRemoveCommand.self]
    )
}

/// `hck key add FILE`.
struct KeyAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a public key (an id_*.pub file; Ed25519 or ECDSA)."
    )

    @OptionGroup var client: ClientOptions

    @Argument(help: "The public key file, e.g. ~/.ssh/id_ed25519.pub ('-' reads standard input).")
    var file: String

    func run() async throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw ValidationError("cannot read \(file): \(error.localizedDescription)")
            }
        }
        let line = String(decoding: data, as: UTF8.self)
        do {
            _ = try SSHPublicKey(parsing: line)
        } catch {
            let hint = FileManager.default.fileExists(atPath: file + ".pub") ? " (did you mean \(file).pub?)" : ""
            throw ValidationError("\(file): \(error)\(hint)")
        }
        let key = try await client.client().addKey(line)
        print("\(key.id)\t\(key.fingerprint)\t\(key.comment ?? "")")
    }
}

/// `hck key list`.
struct KeyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your registered keys.")

    @OptionGroup var client: ClientOptions

    func run() async throws {
        for key in try await client.client().keys() {
            let type = key.key.split(separator: " ").first.map(String.init) ?? "?"
            print("\(key.id)\t\(key.fingerprint)\t\(type)\t\(key.comment ?? "")")
        }
    }
}

/// `hck key rm ID|FINGERPRINT`.
struct KeyRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one of your keys.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The key's id or its SHA256:… fingerprint, as `hck key list` shows.")
    var key: String

    func run() async throws {
        let api = try client.client()
        let id: Int64
        if let number = Int64(key) {
            id = number
        } else {
            guard let found = try await api.keys().first(where: { $0.fingerprint == key }) else {
                throw ValidationError("you have no key with fingerprint \(key) (`hck key list` shows yours)")
            }
            id = found.id
        }
        try await api.removeKey(id)
        print("removed key \(id)")
    }
}
