import Foundation
import HckCore
import Manifest
import Testing

/// Runs rendered files through a real /bin/bash: the quoting is proved by what the shell reads back.
@Suite struct ShellRoundTripTests {
    @Test func bashReadsBackEveryValueAndListItemExactly() async throws {
        let manifest = try Manifest.parse(FullManifestFixture.text, file: "full.yml").manifest
        let home = try TemporaryHome()
        try home.write(".buildenv", BuildEnv.render(manifest, variables: FullManifestFixture.variables))
        var script = ". ~/.buildenv\n"
        for variable in FullManifestFixture.shellValues {
            let expansion = variable.isList ? "\"${\(variable.name)[@]}\"" : "\"$\(variable.name)\""
            script += "printf '%s\\0' \(variable.name.shellQuoted) \(expansion)\nprintf '\\1'\n"
        }
        let output = try await home.bash(script)
        #expect(output.status == 0)
        let records = output.stdout.split(separator: "\u{1}", omittingEmptySubsequences: false).dropLast()
        #expect(records.count == FullManifestFixture.shellValues.count)
        for (record, expected) in zip(records, FullManifestFixture.shellValues) {
            let fields = record.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
            #expect(fields == [expected.name] + expected.items, "variable \(expected.name)")
        }
    }

    @Test func exportsScalarsButNotLists() async throws {
        let manifest = try Manifest.parse(FullManifestFixture.text, file: "full.yml").manifest
        let home = try TemporaryHome()
        try home.write(".buildenv", BuildEnv.render(manifest, variables: FullManifestFixture.variables))
        let output = try await home.bash(". ~/.buildenv; env | grep -E '^(PLAIN|DATE|LIST|JOB_ID)=' | sort")
        #expect(output.stdout == "DATE=20240101\nJOB_ID=42\nPLAIN=hello\n")
    }

    @Test func taskScriptSourcesBuildEnvTracesAndStopsAtTheFirstFailure() async throws {
        let manifest = try Manifest.parse(FullManifestFixture.text, file: "full.yml").manifest
        let home = try TemporaryHome()
        try home.write(".buildenv", BuildEnv.render(manifest, variables: FullManifestFixture.variables))
        try home.write("task", TaskScript.render(BuildTask(name: "t", script: "echo \"$PLAIN\"\nfalse\necho never")))
        let output = try await home.bash("bash ~/task")
        #expect(output.status == 1)
        #expect(output.stdout == "hello\n")
        #expect(output.stderr.contains("+ echo hello"))
        #expect(!output.stdout.contains("never"))
    }

    @Test func completeBuildMarksTheJobDoneAndEndsTheTaskSuccessfully() async throws {
        let home = try TemporaryHome()
        try home.write(
            ".buildenv",
            BuildEnv.render(Manifest(image: "x"), variables: AutomaticVariables(jobID: 1, jobURL: "u"))
        )
        try home.write("task", TaskScript.render(BuildTask(name: "t", script: "complete-build\necho never")))
        let output = try await home.bash("bash ~/task")
        #expect(output.status == 0)
        #expect(!output.stdout.contains("never"))
        #expect(try String(contentsOf: home.url.appending(path: ".complete-build"), encoding: .utf8) == "1\n")
    }
}

/// A fresh folder used as `$HOME` for one test, removed afterwards.
final class TemporaryHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "hck-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func write(_ name: String, _ contents: String) throws {
        try contents.write(to: url.appending(path: name), atomically: true, encoding: .utf8)
    }

    /// Runs `script` with `/bin/bash --noprofile --norc` and `HOME` set to this folder.
    func bash(_ script: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        let files = ["stdout", "stderr"].map { url.appending(path: ".\($0)-\(UUID().uuidString)") }
        for file in files { FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        let stdout = try FileHandle(forWritingTo: files[0])
        let stderr = try FileHandle(forWritingTo: files[1])
        defer { for handle in [stdout, stderr] { try? handle.close() } }
        let process = try await SpawnedProcess.start(
            "/bin/bash",
            ["--noprofile", "--norc", "-c", script],
            environment: ["HOME": url.path, "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"],
            output: stdout,
            error: stderr
        )
        let status = await process.exitStatus()
        return (
            status, try String(contentsOf: files[0], encoding: .utf8), try String(contentsOf: files[1], encoding: .utf8)
        )
    }
}
