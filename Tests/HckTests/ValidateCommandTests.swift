import Foundation
import TestSupport
import Testing

/// `hck validate` run as a process: exit codes, output streams, `--json`, standard input.
@Suite struct ValidateCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "hck-validate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "image: debian/stable\nsubmitter: bot\ntasks:\n  - a: echo hi\n"
            .write(to: folder.appending(path: "good.yml"), atomically: true, encoding: .utf8)
        try "image: debian/stable\ntasks:\n  - Bad: x\n  - ok: y\n  - ok: z\n"
            .write(to: folder.appending(path: "bad.yml"), atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String {
        folder.appending(path: name).path
    }

    @Test func validFilesExitZeroAndWarningsGoToStandardError() async throws {
        let result = try await Hck.run(["validate", path("good.yml")])
        #expect(result.status == 0)
        #expect(result.stdout == "\(path("good.yml")): valid\n")
        #expect(result.stderr == "\(path("good.yml")):2:1: warning: unknown field 'submitter' is ignored\n")
    }

    @Test func aManifestOverSourceHutsCapIsValidWithAWarningAndAByteOrderMarkIsFine() async throws {
        let big = path("big.yml")
        let text =
            "\u{FEFF}image: debian/stable\ntasks:\n  - a: echo hi\n# " + String(repeating: "x", count: 17_000) + "\n"
        try text.write(toFile: big, atomically: true, encoding: .utf8)
        let result = try await Hck.run(["validate", big])
        #expect(result.status == 0)
        #expect(result.stdout == "\(big): valid\n")
        #expect(
            result.stderr
                == "\(big):1:1: warning: manifest is \(text.utf8.count) bytes: builds.sr.ht refuses manifests over 16 KiB "
                + "(hck takes up to its server's --manifest-size-limit)\n"
        )
    }

    @Test func aBadOAuthGrantIsPointedAt() async throws {
        let file = folder.appending(path: "grants.yml")
        try
            "image: debian/stable\noauth: builds.sr.ht/JOBS:RO builds.sr.ht/KEYS:RW git.sr.ht/REPOSITORIES:RO\ntasks:\n  - a: echo\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try await Hck.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                \(file.path):2:8: error: oauth grant 'builds.sr.ht/KEYS:RW': the scope must be one of JOBS, LOGS, SECRETS
                \(file.path):2:8: warning: oauth grant 'git.sr.ht/REPOSITORIES:RO' is for git.sr.ht, which hck does not serve: it gives nothing

                """,
            "\(result.stderr)"
        )
    }

    @Test func anInvalidFileExitsOneAndPrintsEveryDiagnostic() async throws {
        let result = try await Hck.run(["validate", path("good.yml"), path("bad.yml")])
        #expect(result.status == 1)
        #expect(result.stdout == "\(path("good.yml")): valid\n")
        let bad = path("bad.yml")
        #expect(
            result.stderr == """
                \(path("good.yml")):2:1: warning: unknown field 'submitter' is ignored
                \(bad):3:5: error: task name 'Bad' is invalid: use only lowercase letters, digits, '_' and '-'
                \(bad):5:5: error: duplicate task name 'ok' (first at line 4, column 5)

                """
        )
    }

    @Test func jsonIsAnArrayOfDiagnosticObjects() async throws {
        let result = try await Hck.run(["validate", "--json", path("bad.yml"), path("good.yml")])
        #expect(result.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        let objects = try #require(decoded)
        #expect(objects.count == 3)
        for object in objects {
            #expect(Set(object.keys) == ["file", "line", "column", "severity", "message"])
        }
        #expect(objects[0]["file"] as? String == path("bad.yml"))
        #expect(objects[0]["line"] as? Int == 3)
        #expect(objects[0]["column"] as? Int == 5)
        #expect(objects[0]["severity"] as? String == "error")
        #expect(objects[2]["severity"] as? String == "warning")
        #expect(objects[2]["message"] as? String == "unknown field 'submitter' is ignored")
    }

    @Test func dashReadsStandardInput() async throws {
        let good = try await Hck.run(["validate", "-"], input: "image: x\nshell: true\n")
        #expect(good.status == 0)
        #expect(good.stdout == "-: valid\n")
        let bad = try await Hck.run(["validate", "-"], input: "image: x\n")
        #expect(bad.status == 1)
        #expect(
            bad.stderr == "-:1:1: error: no tasks: a manifest needs at least one task unless it sets 'shell: true'\n"
        )
    }

    @Test func anUnreadableFileIsAClearError() async throws {
        let missing = path("missing.yml")
        let result = try await Hck.run(["validate", missing])
        #expect(result.status == 1)
        #expect(result.stderr == "\(missing): error: cannot read the file: it does not exist\n")
        #expect(result.stdout.isEmpty)
        let directory = try await Hck.run(["validate", "--json", folder.path])
        #expect(directory.status == 1)
        #expect(directory.stdout.contains(#""message" : "cannot read the file: it is a directory""#))
        #expect(directory.stdout.contains(#""line" : 0"#))
    }

    @Test func theExamplesThatMakeRunValidatesAreValid() async throws {
        let examples = BuiltProducts.repository.appending(path: "examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yml") }
        #expect(files.count >= 2)
        let result = try await Hck.run(["validate"] + files.sorted().map { examples.appending(path: $0).path })
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }
}
