import Manifest
import Testing

/// `Manifest.pinning`: a manifest's text with a push applied, as git.sr.ht applies one.
@Suite struct PinningTests {
    static let commit = "0123456789abcdef0123456789abcdef01234567"
    static let push: [(name: String, value: String)] = [("BUILD_REASON", "push"), ("GIT_REF", "refs/heads/main")]

    static let manifest = """
        image: debian/stable
        # a comment, which the rewrite may drop
        sources:
          - https://git.example.org/project
          - lib::https://git.example.org/project.git#v1
          - https://git.example.org/other#main
          - hgcopy::hg+https://hg.example.org/project
        environment:
          BUILD_REASON: manual
          MONTH: 08
          LIST: [a, 1]
        tasks:
          - build: |
              cd project
              echo "it's #1: $GIT_REF" > out
          - test: make check
        """

    @Test func pinsTheSourcesNamingThePushedRepositoryAndSetsTheEnvironment() throws {
        let pinned = try Manifest.pinning(
            Self.manifest,
            file: ".build.yml",
            sources: { $0.repositoryName == "project" },
            to: Self.commit,
            environment: Self.push
        )
        let original = try Manifest.parse(Self.manifest, file: ".build.yml").manifest
        let reread = try Manifest.parse(pinned.text, file: ".build.yml").manifest
        #expect(reread == pinned.manifest)
        #expect(
            reread.sources.map(\.text) == [
                "https://git.example.org/project#\(Self.commit)",
                "lib::https://git.example.org/project.git#\(Self.commit)",
                "https://git.example.org/other#main",
                "hgcopy::hg+https://hg.example.org/project",
            ],
            "a git source named like the repository is pinned, whatever its ref or directory; hg and others are not"
        )
        #expect(reread.sources[1].directory == "lib")
        #expect(
            reread.environment == [
                EnvironmentVariable(name: "BUILD_REASON", value: .string("push")),
                EnvironmentVariable(name: "MONTH", value: .string("08")),
                EnvironmentVariable(name: "LIST", value: .list([.string("a"), .integer(1)])),
                EnvironmentVariable(name: "GIT_REF", value: .string("refs/heads/main")),
            ]
        )
        #expect(reread.tasks == original.tasks, "the scripts are kept character for character")
        #expect(reread.image == original.image)
    }

    @Test func aManifestWithoutSourcesOrEnvironmentGetsTheEnvironment() throws {
        let pinned = try Manifest.pinning(
            "image: alpine/edge\ntasks:\n  - a: echo hi\n",
            file: ".builds/a.yml",
            sources: { _ in true },
            to: Self.commit,
            environment: Self.push
        )
        #expect(pinned.manifest.sources.isEmpty)
        #expect(pinned.manifest.environment.map(\.name) == ["BUILD_REASON", "GIT_REF"])
    }

    @Test func anInvalidManifestIsRefusedWithItsPosition() throws {
        let error = #expect(throws: ManifestError.self) {
            try Manifest.pinning(
                "image: debian/stable\ntasks:\n  - bad name: x\n",
                file: ".build.yml",
                sources: { _ in true },
                to: Self.commit,
                environment: Self.push
            )
        }
        #expect(error?.errors.first?.line == 3)
        #expect(error?.description.hasPrefix(".build.yml:3:") == true)
    }

    @Test(arguments: [
        "https://git.example.org/project", "dir::https://x.org/r#v2", "hg+https://x.org/r", "sub/dir::hg+https://x/y#z",
        "git@host:org/repo.git#dev",
    ])
    func aSourcesTextReadsBackAsTheSameSource(text: String) throws {
        let source = try Source(parsing: text)
        #expect(try Source(parsing: source.text) == source)
    }
}
