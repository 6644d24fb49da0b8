import Foundation
import Images
import Manifest
import Runner
import Testing

/// ``TaskCommand`` run by this machine's bash, as sshd runs it (`bash -c COMMAND`), in a
/// throw-away home: what it prints and how it ends must be what the login shell running
/// `bash ~/.tasks/NAME` prints and how it ends. The guest runs it the same way in the VM tests.
@Suite struct TaskCommandTests {
    static let script = """
        echo "OUT:$0 line $LINENO from-profile=${FROM_PROFILE-unset} id=$(type -t id)"
        no-such-command || echo "OUT:status $?"
        for word in a "b c"; do printf 'OUT:<%s>\\n' "$word"; done
        echo OUT:to-stderr >&2
        (exit 3)
        echo OUT:never
        """

    @Test func printsAndEndsAsTheLoginShellRunningTheScriptWould() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let task = BuildTask(name: "check", script: Self.script)
        try TaskScript.render(task).write(
            to: home.appendingPathComponent(".tasks/check"),
            atomically: true,
            encoding: .utf8
        )
        let reference = try await Self.run("bash -lc 'exec bash ~/.tasks/check' 2>&1", home: home)
        let ours = try await Self.run(TaskCommand.command(for: task, user: NSUserName()), home: home)
        #expect(ours.stdout == reference.stdout)
        #expect(ours.status == reference.status && ours.status == 3)
        #expect(ours.stderr.isEmpty, "standard error is merged into the task log")
        #expect(ours.stdout.contains("+ for word in a \"b c\""), "the set -x trace: \(ours.stdout)")
        #expect(ours.stdout.contains("OUT:\(home.path)/.tasks/check line 4 from-profile=yes id=file"))
        #expect(ours.stdout.contains("\(home.path)/.tasks/check: line 5: no-such-command: command not found"))
    }

    @Test func saysSoAndRunsNothingWhenAnEarlierTaskCalledCompleteBuild() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let task = BuildTask(name: "later", script: "echo OUT:ran")
        try TaskScript.render(task).write(
            to: home.appendingPathComponent(".tasks/later"),
            atomically: true,
            encoding: .utf8
        )
        try "1\n".write(to: home.appendingPathComponent(".complete-build"), atomically: true, encoding: .utf8)
        let result = try await Self.run(TaskCommand.command(for: task, user: NSUserName()), home: home)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(TaskCommand.completeBuildMarker))
    }

    /// A home with `~/.buildenv`, `~/.tasks/` and a `~/.profile` that exports FROM_PROFILE.
    static func home() throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("hck-task-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent(".tasks"),
            withIntermediateDirectories: true
        )
        try (BuildEnv.completeBuildFunction + "\nexport JOB_ID=1\n").write(
            to: home.appendingPathComponent(".buildenv"),
            atomically: true,
            encoding: .utf8
        )
        try "export FROM_PROFILE=yes\n".write(
            to: home.appendingPathComponent(".profile"),
            atomically: true,
            encoding: .utf8
        )
        return home
    }

    /// Runs `bash -c COMMAND` with HOME set, standard error kept apart.
    static func run(_ command: String, home: URL) async throws -> (status: Int32, stdout: String, stderr: String) {
        let errors = home.appendingPathComponent("stderr")
        let (status, stdout) = try await ChildProcess.output(
            "/bin/bash",
            ["-c", "HOME=\"$1\" /bin/bash -c \"$2\" 2>\"$3\"", "bash", home.path, command, errors.path]
        )
        return (status, stdout, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
