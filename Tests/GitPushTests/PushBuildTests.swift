import Foundation
import GitPush
import HckCore
import Manifest
import TestSupport
import Testing
import Wire

/// `PushBuild.of`: what a pushed ref builds, read from a real repository with the real `git`.
@Suite struct PushBuildTests {
    static let zeros = String(repeating: "0", count: 40)

    static let build = """
        image: debian/stable
        sources:
          - https://git.example.org/~ada/project
          - https://git.example.org/~ada/library
        tasks:
          - build: cd project && make
        """

    static let test = """
        image: alpine/edge
        sources:
          - code::ssh://git@host.example/srv/git/renamed.git#main
        tasks:
          - test: cd code && make check
        """

    /// The group a pushed `commit` on `branch` makes, failing the test when it makes none.
    static func group(
        _ tree: GitWorkTree,
        _ commit: String,
        ref: String = "refs/heads/main",
        cloneURL: String? = nil
    ) async throws -> PushGroup {
        try await tree.git("push", "-q", "origin", "HEAD:\(ref)")
        let repository = try await GitRepository(path: tree.bare)
        let pushed = PushedRef(old: zeros, new: commit, name: ref)
        guard case .group(let group) = try await PushBuild.of(pushed, in: repository, cloneURL: cloneURL) else {
            Issue.record("\(ref) at \(commit) built nothing")
            throw CancellationError()
        }
        return group
    }

    @Test func theCommitsManifestsArePinnedToItWithTheNoteTagsAndEnvironment() async throws {
        let tree = try await GitWorkTree()
        let commit = try await tree.commit(
            "Make it build\n\nWith a body.",
            files: [".build.yml": Self.build, ".builds/test.yml": Self.test, ".builds/notes.txt": "not a manifest"]
        )
        let group = try await Self.group(
            tree,
            commit,
            ref: "refs/heads/feature/x",
            cloneURL: "ssh://git@host.example/srv/git/renamed"
        )
        #expect(group.files.map(\.path) == [".build.yml", ".builds/test.yml"])
        let short = String(try await tree.git("rev-parse", "--short", commit).dropLast())
        #expect(group.note == "Make it build\n\n\(short) — Ada Lovelace <ada@example.org>")
        #expect(group.tags == ["project", "feature-x"], "a tag takes no '/'")
        let build = try Manifest.parse(group.files[0].manifest, file: ".build.yml").manifest
        #expect(
            build.sources.map(\.text) == [
                "https://git.example.org/~ada/project#\(commit)", "https://git.example.org/~ada/library",
            ],
            "found by the repository's name"
        )
        let test = try Manifest.parse(group.files[1].manifest, file: ".builds/test.yml").manifest
        #expect(
            test.sources.map(\.text) == ["code::ssh://git@host.example/srv/git/renamed.git#\(commit)"],
            "by clone URL"
        )
        for manifest in [build, test] {
            #expect(
                manifest.environment == [
                    EnvironmentVariable(name: "BUILD_SUBMITTER", value: .string("git-hook")),
                    EnvironmentVariable(name: "BUILD_REASON", value: .string("push")),
                    EnvironmentVariable(name: "GIT_REF", value: .string("refs/heads/feature/x")),
                    EnvironmentVariable(name: "GIT_COMMIT", value: .string(commit)),
                ]
            )
        }
        #expect(group.requests.allSatisfy { $0.execute == false && $0.note == group.note && $0.tags == group.tags })
        #expect(group.groupRequest(jobs: [4, 5]).execute == true)
    }

    @Test func anAnnotatedTagBuildsTheCommitItPointsTo() async throws {
        let tree = try await GitWorkTree()
        let commit = try await tree.commit("Release", files: [".build.yml": Self.build])
        try await tree.git("-c", "user.name=Ada", "-c", "user.email=a@x", "tag", "-a", "v1.0", "-m", "v1.0")
        try await tree.git("push", "-q", "origin", "v1.0")
        let tag = String(try await tree.git("rev-parse", "v1.0").dropLast())
        #expect(tag != commit)
        let repository = try await GitRepository(path: tree.bare)
        let build = try await PushBuild.of(
            PushedRef(old: Self.zeros, new: tag, name: "refs/tags/v1.0"),
            in: repository
        )
        guard case .group(let group) = build else {
            Issue.record("the tag built nothing: \(build)")
            return
        }
        #expect(group.tags == ["project", "v1.0"])
        #expect(group.files[0].manifest.contains("project#\(commit)"))
    }

    @Test func deletesSkipCIAndCommitsWithoutManifestsBuildNothing() async throws {
        let tree = try await GitWorkTree()
        let plain = try await tree.commit("Just a readme", files: ["README": "hi\n"])
        let skipped = try await tree.commit("Fix a typo [CI skip]", files: [".build.yml": Self.build])
        let skippedToo = try await tree.commit("Docs\n\nNothing to test [skip ci]", files: ["README": "ho\n"])
        try await tree.git("push", "-q", "origin", "main")
        let repository = try await GitRepository(path: tree.bare)
        let cases: [(PushedRef, String)] = [
            (PushedRef(old: plain, new: Self.zeros, name: "refs/heads/gone"), "refs/heads/gone was deleted"),
            (PushedRef(old: Self.zeros, new: plain, name: "refs/heads/main"), "has no .build.yml or .builds/*.yml"),
            (PushedRef(old: plain, new: skipped, name: "refs/heads/main"), "says to skip CI"),
            (PushedRef(old: skipped, new: skippedToo, name: "refs/heads/main"), "says to skip CI"),
        ]
        for (ref, expected) in cases {
            let build = try await PushBuild.of(ref, in: repository)
            guard case .skipped(let reason) = build else {
                Issue.record("\(ref) built something")
                continue
            }
            #expect(reason.contains(expected), "\(ref)")
        }
    }

    @Test func anInvalidManifestIsAnErrorNamingTheFileAndLine() async throws {
        let tree = try await GitWorkTree()
        let commit = try await tree.commit("Broken", files: [".builds/a.yml": "image: debian/stable\ntasks: 3\n"])
        try await tree.git("push", "-q", "origin", "main")
        let repository = try await GitRepository(path: tree.bare)
        let error = await #expect(throws: GitPushError.self) {
            try await PushBuild.of(PushedRef(old: Self.zeros, new: commit, name: "refs/heads/main"), in: repository)
        }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains(".builds/a.yml:2:") == true, "\(String(describing: error))")
    }

    @Test func aPathThatIsNoRepositoryIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let error = await #expect(throws: GitPushError.self) { try await GitRepository(path: directory.path(".")) }
        #expect(error?.code == .notARepository)
    }

    @Test func postReceiveInputIsReadLineByLine() {
        let refs = PushedRef.all(in: "\(Self.zeros) abc refs/heads/main\n\nabc \(Self.zeros) refs/tags/v1\n")
        #expect(refs.map(\.shortName) == ["main", "v1"])
        #expect(refs.map(\.isDeletion) == [false, true])
    }
}
