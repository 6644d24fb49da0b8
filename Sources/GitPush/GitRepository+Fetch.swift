import Foundation
import HckCore

extension GitRepository {
    /// The protocols a fetch may use: not `file` (the server's own disk), `ext` (a command) nor
    /// `ssh` (it would fetch with the server's own keys, from wherever a payload pointed).
    static let fetchProtocols = "http:https:git"

    /// Makes an empty bare repository at `path` (and the folders above it) and opens it.
    public static func createBare(at path: String) async throws -> GitRepository {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let made = try await ChildProcess.output(try executable(), ["init", "-q", "--bare", path])
        guard made.status == 0 else {
            throw GitPushError(.git, "git init --bare \(path) failed: \(made.text.trimmed)")
        }
        return try await GitRepository(path: path)
    }

    /// Whether the repository holds `commit`.
    public func holds(commit: String) async throws -> Bool {
        try await git(["cat-file", "-e", "\(commit)^{commit}"]).status == 0
    }

    /// Fetches `commit` alone (depth 1, no tags) from `url`, over http(s) or git only, never
    /// asking for a password, giving up after `limit`.
    /// - Throws: `GitPushError` `.fetch` with git's words when the forge refuses or lacks the commit,
    ///   or when `limit` passes.
    public func fetch(commit: String, from url: String, within limit: Duration) async throws {
        let environment = ["GIT_ALLOW_PROTOCOL": Self.fetchProtocols, "GIT_TERMINAL_PROMPT": "0"]
        let arguments = ["fetch", "-q", "--depth=1", "--no-tags", "--no-write-fetch-head", "--", url, commit]
        let expired: @Sendable () -> any Error = {
            GitPushError(.fetch, "fetching \(commit) from \(url) took longer than \(limit)")
        }
        let answer = try await withTimeLimit(limit, expired: expired) {
            try await git(arguments, environment: environment)
        }
        guard answer.status == 0, try await holds(commit: commit) else {
            throw GitPushError(.fetch, "cannot fetch \(commit) from \(url): \(answer.text.trimmed)")
        }
    }
}
