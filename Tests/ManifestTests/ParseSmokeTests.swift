import Manifest
import Testing

@Suite struct ParseSmokeTests {
    @Test func readsEveryFieldOfASmallManifest() throws {
        let text = """
            image: debian/stable
            packages: [jq]
            sources:
              - https://git.sr.ht/~user/project#v1
            environment:
              GREETING: hello world
            tasks:
              - hello: echo "$GREETING"
            """
        let parsed = try Manifest.parse(text, file: "m.yml")
        #expect(parsed.manifest.image == "debian/stable")
        #expect(parsed.manifest.packages == ["jq"])
        #expect(parsed.manifest.sources == [Source(kind: .git, url: "https://git.sr.ht/~user/project", ref: "v1", directory: "project")])
        #expect(parsed.manifest.environment == [EnvironmentVariable(name: "GREETING", value: .string("hello world"))])
        #expect(parsed.manifest.tasks == [BuildTask(name: "hello", script: "echo \"$GREETING\"")])
        #expect(parsed.warnings.isEmpty)
    }

    @Test func reportsAMissingImageWithItsPosition() {
        #expect {
            try Manifest.parse("tasks:\n  - a: b\n", file: "m.yml")
        } throws: { error in
            (error as? ManifestError)?.description == "m.yml:1:1: error: missing required field 'image' (e.g. image: debian/stable)"
        }
    }
}
