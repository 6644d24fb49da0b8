import Manifest
import Testing

@Suite struct FullManifestTests {
    let manifest: Manifest

    init() throws {
        let parsed = try Manifest.parse(FullManifestFixture.text, file: "full.yml")
        // Its oauth grant is for another sr.ht service: valid, and said to give nothing in hck.
        #expect(
            parsed.warnings.map(\.message) == [
                "oauth grant 'pages.sr.ht/PAGES:RW' is for pages.sr.ht, which hck does not serve: it gives nothing"
            ]
        )
        manifest = parsed.manifest
    }

    @Test func readsTheScalarAndListFields() {
        #expect(manifest.image == "debian/bookworm")
        #expect(manifest.arch == "amd64")
        #expect(manifest.packages == ["jq", "build-essential"])
        #expect(
            manifest.repositories == [
                Repository(name: "extra", spec: "http://deb.example.org/debian bookworm main 0123ABCD"),
                Repository(name: "placeholder", spec: nil),
            ]
        )
        #expect(manifest.secrets == ["4f1c2a6e-2c3b-4b1e-9d7a-0c8e5f3a2b1d", "deploy-key"])
        #expect(manifest.shell)
        #expect(manifest.artifacts == ["widget/build/widget.tar.gz", "/var/log/build.log"])
        #expect(manifest.oauth == "pages.sr.ht/PAGES:RW")
    }

    @Test func readsSourcesIntoTheirParts() {
        #expect(
            manifest.sources == [
                Source(kind: .git, url: "https://git.example.org/~alice/widget", ref: nil, directory: "widget"),
                Source(kind: .git, url: "https://git.example.org/alice/lib.git", ref: "v1.2", directory: "lib"),
                Source(kind: .hg, url: "https://hg.example.org/~bob/tool", ref: "default", directory: "tool"),
                Source(kind: .git, url: "git@git.example.org:alice/scp-repo.git", ref: nil, directory: "scp-repo"),
            ]
        )
    }

    @Test func typesTheEnvironmentAndKeepsItsOrder() {
        let names = manifest.environment.map(\.name)
        #expect(
            names
                == FullManifestFixture.shellValues.map(\.name).filter {
                    !["CI_NAME", "JOB_ID", "JOB_URL", "OAUTH2_TOKEN"].contains($0)
                }
        )
        let values = Dictionary(uniqueKeysWithValues: manifest.environment.map { ($0.name, $0.value) })
        #expect(values["DATE"] == .integer(20_240_101))
        #expect(values["NEGATIVE"] == .integer(-42))
        #expect(values["ENABLED"] == .bool(true))
        #expect(values["NOTHING"] == .null)
        #expect(values["TILDE"] == .null)
        #expect(values["RATIO"] == .float(0.5))
        #expect(values["QUOTED_NUMBER"] == .string("20240101"))
        #expect(
            values["LIST"]
                == .list([
                    .string("a"), .string("b c"), .string("it's"), .string("$HOME"), .string("two\nlines"),
                    .string(#"back\slash"#), .integer(7), .bool(true), .null,
                ])
        )
        #expect(values["EMPTY_LIST"] == .list([]))
    }

    @Test func readsTasksInOrder() {
        #expect(
            manifest.tasks == [
                BuildTask(name: "setup", script: "cd widget\n./configure --prefix=\"$HOME/out\"\n"),
                BuildTask(name: "build", script: "make -C widget"),
            ]
        )
    }

    @Test func readsTriggersIntoTypedValues() {
        #expect(
            manifest.triggers == [
                Trigger(
                    condition: .failure,
                    action: .email(
                        Trigger.Email(
                            to: "Alice <alice@example.org>",
                            cc: "bob@example.org",
                            inReplyTo: "<123@example.org>"
                        )
                    )
                ),
                Trigger(condition: .always, action: .webhook(Trigger.Webhook(url: "https://hooks.example.org/ci"))),
            ]
        )
    }

    @Test func rendersBuildEnvByteForByte() {
        #expect(BuildEnv.render(manifest, variables: FullManifestFixture.variables) == FullManifestFixture.buildEnv)
    }

    @Test func rendersTaskScriptsByteForByte() {
        #expect(TaskScript.render(manifest.tasks[0]) == FullManifestFixture.setupScript)
        #expect(TaskScript.render(manifest.tasks[1]) == FullManifestFixture.buildScript)
    }
}
