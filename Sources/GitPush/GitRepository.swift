import Foundation
import HckCore

/// A git repository on this machine, read with `git` itself (no network): the pushed commit, its
/// message and the manifests in its tree.
public struct GitRepository: Sendable {
    /// The repository's git directory, absolute (`REPO.git` for a bare one).
    public let gitDirectory: String

    /// Opens the repository at `path` (a bare repository or a `.git` directory).
    /// - Throws: `GitPushError` `.notARepository` when git does not take it for one.
    public init(path: String) async throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        gitDirectory = absolute
        let answer = try await git(["rev-parse", "--git-dir"])
        guard answer.status == 0 else {
            throw GitPushError(.notARepository, "\(absolute) is not a git repository: \(answer.text.trimmed)")
        }
    }

    /// The repository's name as builds.sr.ht matches sources: the directory's name without `.git`
    /// (the parent's name for a `.git` directory inside a working tree).
    public var name: String {
        let url = URL(fileURLWithPath: gitDirectory)
        let last = url.lastPathComponent
        let base = last == ".git" ? url.deletingLastPathComponent().lastPathComponent : last
        return base.hasSuffix(".git") ? String(base.dropLast(4)) : base
    }

    /// Where git runs this repository's post-receive hook (`core.hooksPath` respected).
    public func postReceiveHookPath() async throws -> String {
        let path = try await output(["rev-parse", "--git-path", "hooks/post-receive"]).trimmed
        return path.hasPrefix("/") ? path : URL(fileURLWithPath: gitDirectory).appendingPathComponent(path).path
    }

    /// The commit `object` is or points to (an annotated tag is peeled), or `nil` when it names no commit.
    public func commit(_ object: String) async throws -> PushCommit? {
        // %x00 separates the fields: a subject or a name never holds a NUL.
        let answer = try await git([
            "log", "-1", "--no-show-signature", "--format=%H%x00%h%x00%an%x00%ae%x00%s%x00%B", "\(object)^{commit}",
            "--",
        ])
        guard answer.status == 0 else { return nil }
        let fields = answer.text.split(separator: "\0", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6 else { return nil }
        return PushCommit(
            id: fields[0],
            shortID: fields[1],
            authorName: fields[2],
            authorEmail: fields[3],
            subject: fields[4],
            message: fields[5]
        )
    }

    /// The manifests of `commit`, as builds.sr.ht finds them: `.build.yml`, then `.builds/*.yml`
    /// in name order, each with its path and text.
    public func manifests(at commit: String) async throws -> [(path: String, text: String)] {
        let listing = try await output(["ls-tree", "-z", "--name-only", commit, "--", ".build.yml", ".builds/"])
        let paths = listing.split(separator: "\0").map(String.init).filter {
            $0 == ".build.yml" || ($0.hasPrefix(".builds/") && $0.hasSuffix(".yml") && !$0.dropFirst(8).contains("/"))
        }
        var manifests: [(path: String, text: String)] = []
        for path in paths.sorted(by: { ($0 == ".build.yml" ? "" : $0) < ($1 == ".build.yml" ? "" : $1) }) {
            manifests.append((path, try await output(["cat-file", "blob", "\(commit):\(path)"])))
        }
        return manifests
    }

    /// Runs git on this repository; its status and output, whatever the status.
    func git(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, text: String) {
        do {
            return try await ChildProcess.output(
                try Self.executable(),
                ["--git-dir=\(gitDirectory)"] + arguments,
                environment: environment
            )
        } catch let error as GitPushError {
            throw error
        } catch {
            throw GitPushError(.git, "cannot run git \(arguments.first ?? ""): \(error)")
        }
    }

    /// Runs git on this repository; its output.
    /// - Throws: `GitPushError` `.git` with git's output when git fails.
    func output(_ arguments: [String]) async throws -> String {
        let answer = try await git(arguments)
        guard answer.status == 0 else {
            throw GitPushError(
                .git,
                "git \(arguments.joined(separator: " ")) failed in \(gitDirectory): \(answer.text.trimmed)"
            )
        }
        return answer.text
    }

    /// `git` on `PATH`.
    static func executable() throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/git") {
            return "\(folder)/git"
        }
        throw GitPushError(.git, "git is not on PATH (\(path))")
    }
}

extension String {
    /// Without leading and trailing white space and newlines.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
