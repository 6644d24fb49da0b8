public import Foundation
import Testing

/// A bare repository `project.git` and a clone of it to commit in, made with the real `git`.
package struct GitWorkTree: Sendable {
    /// The folder holding both.
    package let directory: TemporaryDirectory
    /// The bare repository, absolute.
    package let bare: String
    /// The working tree whose `origin` is the bare repository.
    package let work: String

    /// Makes an empty bare repository and a working tree on branch `main` pushing to it.
    package init(name: String = "project") async throws {
        directory = try TemporaryDirectory()
        bare = directory.path("\(name).git")
        work = directory.path("work")
        try await Self.git(["init", "-q", "--bare", "-b", "main", bare])
        try await Self.git(["init", "-q", "-b", "main", work])
        try await git("remote", "add", "origin", bare)
    }

    /// Runs git in the working tree (as Ada, with no signing); its output. Records a failure, with
    /// the output, when git fails.
    @discardableResult
    package func git(_ arguments: String...) async throws -> String {
        try await Self.git(["-C", work] + arguments)
    }

    /// Runs git in the working tree; its status and output, whatever the status.
    package func gitStatus(_ arguments: String...) async throws -> (status: Int32, output: String) {
        try await ChildProcess.run(["git"] + Self.identity + ["-C", work] + arguments)
    }

    /// Writes `files` (path: text), removes `removed`, and commits them all with `message`; the commit's id.
    @discardableResult
    package func commit(_ message: String, files: [String: String] = [:], removed: [String] = []) async throws
        -> String
    {
        for (path, text) in files {
            let url = URL(fileURLWithPath: work).appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for path in removed { try await git("rm", "-q", path) }
        try await git("add", "-A")
        try await git("commit", "-q", "--allow-empty", "-m", message)
        return try await git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let identity = [
        "-c", "user.name=Ada Lovelace", "-c", "user.email=ada@example.org", "-c", "commit.gpgsign=false",
        "-c", "tag.gpgsign=false",
    ]

    @discardableResult
    private static func git(_ arguments: [String]) async throws -> String {
        let (status, output) = try await ChildProcess.run(["git"] + identity + arguments)
        guard status == 0 else {
            Issue.record("git \(arguments.joined(separator: " ")) failed (\(status)):\n\(output)")
            throw CancellationError()
        }
        return output
    }
}
