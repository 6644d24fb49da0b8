import Client
import Foundation
import Server
import Store
import Wire

/// The accounts `hck up` makes once in its data directory: a runner token for its own node and a
/// user for the person running it. Their tokens are kept in `runner.token` and `user.token`
/// (mode 600, in the mode-700 data directory), since the store keeps only their hashes.
package struct LocalAccounts {
    package let user: String
    package let runnerToken: String
    package let userTokenPath: String

    /// Reads the tokens, creating the accounts the first time.
    /// - Parameters:
    ///   - dataDirectory: the server's data directory.
    ///   - user: the user's name, or nil for the login name.
    package static func open(dataDirectory: String, user: String?) async throws -> LocalAccounts {
        let data = try DataDirectory(path: dataDirectory)
        let admin = try Administration(dataDirectory: data.path)
        let name = user ?? defaultUserName
        let userTokenPath = "\(data.path)/user.token"
        _ = try await token(at: userTokenPath) { try await admin.issueToken(for: name, role: .user) }
        let runnerToken = try await token(at: "\(data.path)/runner.token") {
            try await admin.issueToken(for: "local", role: .runner)
        }
        return LocalAccounts(user: name, runnerToken: runnerToken, userTokenPath: userTokenPath)
    }

    private static func token(at path: String, issue: () async throws -> String) async throws -> String {
        if let saved = try? String(contentsOfFile: path, encoding: .utf8), !saved.isEmpty {
            return saved.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let token = try await issue()
        guard
            FileManager.default.createFile(
                atPath: path,
                contents: Data((token + "\n").utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        return token
    }

    private static var defaultUserName: String {
        let login = ProcessInfo.processInfo.environment["USER"] ?? NSUserName()
        let cleaned = String(login.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) })
        return cleaned.isEmpty ? "local" : cleaned
    }

    /// A short stable key for a data directory (FNV-1a of its absolute path), so two `hck up` on
    /// different data directories never share a runner work folder (whose leftovers each removes).
    package static func folderKey(_ directory: String) -> String {
        let path = URL(fileURLWithPath: directory).standardizedFileURL.path
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
