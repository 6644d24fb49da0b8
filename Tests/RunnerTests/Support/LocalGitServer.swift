import Foundation

/// A `git daemon` on 127.0.0.1 serving a repository with a branch, a tag, a later commit and a
/// submodule; the guest reaches it at 10.0.2.2.
final class LocalGitServer: Sendable {
    let root: URL
    let port: Int
    /// The commit the `v1.0` tag points to.
    let taggedCommit: String
    /// The head of the default branch (`version.txt` says v2).
    let latestCommit: String

    /// The URL of a repository as the guest sees it.
    func guestURL(_ name: String) -> String { "git://10.0.2.2:\(port)/\(name)" }

    static func start() async throws -> LocalGitServer {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hck-git-\(UUID().uuidString)")
        let port = Int.random(in: 40000..<60000)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        // One shell script, one child process; the daemon detaches.
        let script = """
            set -e
            cd \(root.path)
            export GIT_AUTHOR_NAME=hck GIT_AUTHOR_EMAIL=hck@localhost GIT_COMMITTER_NAME=hck GIT_COMMITTER_EMAIL=hck@localhost
            git="git -c protocol.file.allow=always -c init.defaultBranch=main"
            $git init -q work/sub && cd work/sub && echo 'submodule content' > sub.txt && $git add . && $git commit -qm sub
            cd \(root.path) && $git clone -q --bare work/sub sub.git
            $git init -q work/main && cd work/main
            $git submodule add -q \(root.path)/sub.git lib/sub
            $git config -f .gitmodules submodule.lib/sub.url git://10.0.2.2:\(port)/sub.git
            echo v1 > version.txt && $git add . && $git commit -qm v1 && $git tag v1.0
            tagged=$($git rev-parse HEAD)
            echo v2 > version.txt && $git commit -qam v2
            latest=$($git rev-parse HEAD)
            $git checkout -qb feature && echo 'on the feature branch' > feature.txt && $git add . && $git commit -qm feature
            $git checkout -q main
            cd \(root.path) && $git clone -q --bare work/main main.git
            # Foundation notices a child's exit when every copy of a descriptor it gave the child
            # is closed: the daemon must not keep one.
            for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true; done
            git daemon --listen=127.0.0.1 --port=\(port) --base-path=\(root.path) --export-all --reuseaddr \\
                --detach --pid-file=\(root.path)/daemon.pid \(root.path)
            echo "$tagged $latest"
            """
        // The last line names the commits (git's own messages come before it, on standard error).
        let output = try await runTool("/bin/bash", ["-c", script])
        let commits = (output.split(separator: "\n").last ?? "").split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let tagged = commits[0]
        let latest = commits[1]
        return LocalGitServer(root: root, port: port, taggedCommit: tagged, latestCommit: latest)
    }

    private init(root: URL, port: Int, taggedCommit: String, latestCommit: String) {
        self.root = root
        self.port = port
        self.taggedCommit = taggedCommit
        self.latestCommit = latestCommit
    }

    func stop() {
        // The pid file of a detached git daemon does not always name the process that listens:
        // end every process whose command line names this server's unique folder.
        stopProcesses(mentioning: root.path)
        try? FileManager.default.removeItem(at: root)
    }
}

/// Sends SIGKILL (git daemon ignores SIGTERM) to every process whose command line contains `marker` (a test's unique folder).
func stopProcesses(mentioning marker: String) {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for entry in entries {
        guard let pid = Int32(entry), pid != getpid(),
            let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
        else { continue }
        if String(decoding: data, as: UTF8.self).contains(marker) { kill(pid, SIGKILL) }
    }
}
