import Foundation
import HckCore
import Manifest

/// The post-receive hook `hck git-hook install` writes: it hands what git pushed to
/// `hck git-hook post-receive`, after running the repository's earlier hook, if it had one, with
/// the same input.
public struct PostReceiveHook: Sendable {
    /// The line that marks a hook as hck's (a second install rewrites it).
    public static let marker = "# hck git-hook: submits the builds of each push"
    /// What an earlier hook is renamed to, beside the hook: hck's hook runs it first.
    public static let earlierHookSuffix = ".before-hck"

    /// The `hck` binary the hook runs, absolute.
    public var executable: String
    /// The hck server's URL.
    public var url: String
    /// The file holding the API token, read at each push.
    public var tokenFile: String
    /// The clone URL manifests may name this repository by, beside its name.
    public var cloneURL: String?

    /// Makes one from its parts.
    public init(executable: String, url: String, tokenFile: String, cloneURL: String?) {
        self.executable = executable
        self.url = url
        self.tokenFile = tokenFile
        self.cloneURL = cloneURL
    }

    /// What an install did.
    public enum Outcome: Sendable, Equatable {
        /// There was no hook; now there is hck's.
        case installed
        /// hck's hook was there and is rewritten.
        case updated
        /// Another hook was there: it is kept at `earlierHook` and run first.
        case addedTo(earlierHook: String)
    }

    /// The hook's shell script.
    public var script: String {
        var command = [executable, "git-hook", "post-receive", "--url", url, "--token-file", tokenFile]
        if let cloneURL { command += ["--clone-url", cloneURL] }
        return """
            #!/bin/sh
            \(Self.marker) to hck (written by `hck git-hook install`).
            # It never fails a push: when hck is down or refuses, it says so and exits 0.
            input=$(cat)
            if [ -x "$0\(Self.earlierHookSuffix)" ]; then
                printf '%s\\n' "$input" | "$0\(Self.earlierHookSuffix)" "$@"
            fi
            printf '%s\\n' "$input" | \(command.map(\.shellQuoted).joined(separator: " "))
            exit 0

            """
    }

    /// Makes this hook the post-receive hook at `path`, adding to one that is there: another
    /// program's hook is renamed to `PATH.before-hck` and run first with the same input.
    /// - Throws: `GitPushError` `.hookInTheWay` when another hook is there and `PATH.before-hck`
    ///   exists too (nothing is changed then).
    public func install(at path: String) throws -> Outcome {
        let files = FileManager.default
        let earlier = path + Self.earlierHookSuffix
        var outcome = Outcome.installed
        if let existing = files.contents(atPath: path) {
            if String(decoding: existing, as: UTF8.self).contains(Self.marker) {
                outcome = .updated
            } else if files.fileExists(atPath: earlier) {
                throw GitPushError(
                    .hookInTheWay,
                    "\(path) is another program's hook and \(earlier) exists too; "
                        + "move one of them away, or add `hck git-hook post-receive` to the hook by hand"
                )
            } else {
                outcome = .addedTo(earlierHook: earlier)
            }
        } else if (try? files.destinationOfSymbolicLink(atPath: path)) != nil {
            // A dangling link: git would fail to run it; keep it where it was for its owner to see.
            outcome = .addedTo(earlierHook: earlier)
        }
        try files.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let written = path + ".hck-new"
        try Data(script.utf8).write(to: URL(fileURLWithPath: written))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: written)
        if case .addedTo = outcome { try files.moveItem(atPath: path, toPath: earlier) }
        guard rename(written, path) == 0 else {
            throw GitPushError(.hookInTheWay, "cannot put the hook at \(path): \(String(cString: strerror(errno)))")
        }
        return outcome
    }
}
