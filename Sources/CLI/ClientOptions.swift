public import ArgumentParser
public import Client
import Foundation
import Server
import Store
import Wire

/// Where the server is and who the caller is: flags, then HCK_URL/HCK_TOKEN, then ~/.config/hck/config.
package struct ClientOptions: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(help: "The server's URL (default: $HCK_URL, the config file's 'url', or http://127.0.0.1:8080).")
    package var url: String?

    @Option(help: "Your API token (default: $HCK_TOKEN or the config file's 'token').")
    package var token: String?

    /// A client from the options, environment and config file, in that order.
    package func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let file = try ClientConfigFile.load()
        let address = url ?? environment["HCK_URL"] ?? file["url"] ?? "http://127.0.0.1:8080"
        guard let base = URL(string: address), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw ClientSetupError(
                "'\(address)' is not an http(s) URL; pass --url http://HOST:PORT, set HCK_URL or put 'url = …' in \(ClientConfigFile.path)"
            )
        }
        let token = [token, environment["HCK_TOKEN"], file["token"]].compactMap { $0 }.first { !$0.isEmpty }
        return APIClient(baseURL: base, token: token)
    }
}

/// `~/.config/hck/config` (or `$XDG_CONFIG_HOME/hck/config`): `key = value` lines (`url`, `token`),
/// `#` comments. A missing file is fine; anything else wrong with it is an error naming the line.
package enum ClientConfigFile {
    /// The keys the file may set.
    package static let keys = ["url", "token"]

    package static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(NSHomeDirectory())/.config"
        return "\(base)/hck/config"
    }

    package static func load() throws -> [String: String] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ClientSetupError("cannot read \(path) as UTF-8 text: check its permissions, or remove it")
        }
        var values: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ClientSetupError(
                    "\(path):\(number + 1): expected 'key = value' (keys: url, token), found '\(trimmed)'"
                )
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw ClientSetupError("\(path):\(number + 1): unknown key '\(key)'; the keys are url and token")
            }
            values[key] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

/// Parses a job id argument, saying what is wrong.
package struct JobID: ExpressibleByArgument {
    package let value: Int64

    package init?(argument: String) {
        guard let value = Int64(argument.hasPrefix("#") ? String(argument.dropFirst()) : argument), value > 0 else {
            return nil
        }
        self.value = value
    }
}

/// Prints to standard error.
package func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Where the server or the token should come from is wrong: what, where, and how to fix it.
package struct ClientSetupError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
