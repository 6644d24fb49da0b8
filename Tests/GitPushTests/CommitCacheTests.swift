import Foundation
import GitPush
import HckCore
import TestSupport
import Testing

/// `CommitCache`: the server's copies of forge repositories, filled from a real `git daemon` on
/// loopback with the real `git`, one commit at a time.
@Suite struct CommitCacheTests {
    static let manifest = """
        image: debian/stable
        sources:
          - git://git.example.org/project
        tasks:
          - build: make
        """

    /// 200 kB that git cannot compress much.
    static func noise() -> String {
        String((0..<200_000).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
    }

    /// Pushes `tree`'s main branch and serves its folder (the bare repository is `project.git`).
    static func served(_ tree: GitWorkTree) async throws -> GitDaemon {
        try await tree.git("push", "-q", "origin", "main")
        return try await GitDaemon(
            serving: tree.directory.url.path,
            log: tree.directory.url.appendingPathComponent("daemon.log")
        )
    }

    @Test func fetchesOnlyThePushedCommitAndReadsItsManifests() async throws {
        let tree = try await GitWorkTree()
        let first = try await tree.commit("First", files: [".build.yml": Self.manifest])
        let second = try await tree.commit("Second", files: ["README": "hello"])
        let daemon = try await Self.served(tree)
        defer { daemon.stop() }
        let cache = CommitCache(directory: tree.directory.path("cache"))

        let repository = try await cache.repository(named: "project", holding: first, from: daemon.url("project.git"))
        #expect(repository.name == "project")
        #expect(try await repository.manifests(at: first).map(\.path) == [".build.yml"])
        #expect(try await !repository.holds(commit: second), "only the commit asked for is fetched")

        // The pushed commit, read as a push reads it: its source pinned to it.
        let pushed = PushedRef(old: String(repeating: "0", count: 40), new: first, name: "refs/heads/main")
        guard case .group(let group) = try await PushBuild.of(pushed, in: repository) else {
            Issue.record("the pushed commit builds")
            return
        }
        #expect(group.files.first?.manifest.contains("git://git.example.org/project#\(first)") == true)

        // A later commit goes into the same copy; an earlier one, already there, is not fetched again.
        let again = try await cache.repository(named: "project", holding: second, from: daemon.url("project.git"))
        #expect(again.gitDirectory == repository.gitDirectory)
        #expect(try await again.holds(commit: second))
        #expect(try await again.holds(commit: first))
        daemon.stop()
        _ = try await cache.repository(named: "project", holding: first, from: daemon.url("project.git"))
    }

    @Test func aMissingCommitARefusedProtocolOrADeadForgeSaySo() async throws {
        let tree = try await GitWorkTree()
        try await tree.commit("First", files: [".build.yml": Self.manifest])
        let daemon = try await Self.served(tree)
        defer { daemon.stop() }
        let cache = CommitCache(directory: tree.directory.path("cache"))
        let missing = String(repeating: "ab", count: 20)

        await #expect {
            try await cache.repository(named: "project", holding: missing, from: daemon.url("project.git"))
        } throws: { error in
            let error = error as? GitPushError
            return error?.code == .fetch && error?.message.contains("cannot fetch \(missing) from git://") == true
                && error?.message.contains("not our ref") == true
        }
        // The server's own disk is not a forge.
        let head = try await tree.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        await #expect {
            try await cache.repository(named: "project", holding: head, from: "file://\(tree.bare)")
        } throws: { error in
            (error as? GitPushError)?.message.contains("transport 'file' not allowed") == true
        }
        daemon.stop()
        await #expect {
            try await cache.repository(named: "project", holding: head, from: daemon.url("project.git"))
        } throws: { error in
            (error as? GitPushError)?.code == .fetch
        }
    }

    /// Without the limit, git waits on a silent listener as long as the connection stays up, and the
    /// test would hang until its own time limit. Only the time limit's expiry says "took longer
    /// than": the error proves the limit ended the fetch. No wall-clock bound on top (the whole
    /// suite on two cores took 48 to 102 s to get through a 2 s limit: spawning git under load).
    @Test(.timeLimit(.minutes(5))) func aFetchThatHangsEndsAtTheTimeLimit() async throws {
        let directory = try TemporaryDirectory()
        // A listener that accepts and never answers.
        let silent = try LoopbackSocket.bind(listening: true)
        defer { silent.close() }
        let cache = CommitCache(directory: directory.path("cache"), limits: .init(fetchTimeLimit: .seconds(2)))
        await #expect {
            try await cache.repository(
                named: "project",
                holding: String(repeating: "ab", count: 20),
                from: "git://127.0.0.1:\(silent.port)/project.git"
            )
        } throws: { error in
            (error as? GitPushError)?.message.contains("took longer than 2") == true
        }
    }

    @Test func pruningRemovesOldCopiesThenTheLeastRecentlyUsedOverTheSize() async throws {
        let tree = try await GitWorkTree()
        let commit = try await tree.commit(
            "First",
            files: [".build.yml": Self.manifest, "blob": Self.noise()]
        )
        try await tree.git("push", "-q", "origin", "main")
        let other = try await GitWorkTree(name: "other")
        let otherCommit = try await other.commit("Other", files: ["blob": Self.noise()])
        try await other.git("push", "-q", "origin", "main")
        try FileManager.default.createSymbolicLink(
            atPath: tree.directory.path("other.git"),
            withDestinationPath: other.bare
        )
        let daemon = try await GitDaemon(
            serving: tree.directory.url.path,
            log: tree.directory.url.appendingPathComponent("daemon.log")
        )
        defer { daemon.stop() }

        let cache = CommitCache(
            directory: tree.directory.path("cache"),
            limits: .init(maximumBytes: 1 << 30, maximumAge: .seconds(3600))
        )
        let project = try await cache.repository(named: "project", holding: commit, from: daemon.url("project.git"))
        try await Task.sleep(for: .seconds(1.1))
        let second = try await cache.repository(named: "other", holding: otherCommit, from: daemon.url("other.git"))
        #expect(await cache.prune().repositories == 0, "within both limits nothing goes")

        // Over the size, the least recently used copy goes first, and only as many as needed.
        let copies = await cache.copies()
        #expect(copies.map(\.path) == [project.gitDirectory, second.gitDirectory])
        let total = copies.reduce(0) { $0 + $1.bytes }
        let small = CommitCache(
            directory: cache.directory,
            limits: .init(maximumBytes: total - copies[0].bytes, maximumAge: .seconds(3600))
        )
        #expect(await small.prune() == .init(repositories: 1, bytes: copies[0].bytes))
        #expect(!FileManager.default.fileExists(atPath: project.gitDirectory))
        #expect(FileManager.default.fileExists(atPath: second.gitDirectory))

        // Too old: not used within the age, whatever the size.
        _ = try await cache.repository(named: "project", holding: commit, from: daemon.url("project.git"))
        #expect(await cache.prune(now: Date() + 1800).repositories == 0)
        #expect(await cache.prune(now: Date() + 7200).repositories == 2, "both copies, the other one too")
    }
}
