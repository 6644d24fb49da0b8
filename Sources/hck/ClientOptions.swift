import API
import ArgumentParser
import Foundation

/// Where the server is and who the caller is: flags, then HCK_URL/HCK_TOKEN, then ~/.config/hck/config.
struct ClientOptions: ParsableArguments {
    @Option(help: "The server's URL (default: $HCK_URL, the config file's 'url', or http://127.0.0.1:8080).")
    var url: String?

    @Option(help: "Your API token (default: $HCK_TOKEN or the config file's 'token').")
    var token: String?

    /// A client from the options, environment and config file, in that order.
    func client() throws -> APIClient {
        let environment = ProcessInfo.processInfo.environment
        let file = ClientConfigFile.load()
        let address = url ?? environment["HCK_URL"] ?? file["url"] ?? "http://127.0.0.1:8080"
        guard let base = URL(string: address), base.scheme == "http" || base.scheme == "https" else {
            throw ValidationError("'\(address)' is not an http(s) URL; pass --url http://HOST:PORT or set HCK_URL")
        }
        let token = [token, environment["HCK_TOKEN"], file["token"]].compactMap { $0 }.first { !$0.isEmpty }
        return APIClient(baseURL: base, token: token)
    }
}

/// `~/.config/hck/config` (or `$XDG_CONFIG_HOME/hck/config`): `key = value` lines, `#` comments.
enum ClientConfigFile {
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"] ?? "\(NSHomeDirectory())/.config"
        return "\(base)/hck/config"
    }

    static func load() -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            values[key] = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

/// Parses a job id argument, saying what is wrong.
struct JobID: ExpressibleByArgument {
    let value: Int64

    init?(argument: String) {
        guard let value = Int64(argument.hasPrefix("#") ? String(argument.dropFirst()) : argument), value > 0 else {
            return nil
        }
        self.value = value
    }
}

/// Prints to standard error.
func writeError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
