import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import Runner
import Testing

/// ``TaskShell`` run by this machine's bash, as sshd runs it (`bash -c PROGRAM`), in a throw-away
/// home, fed a request per task: what each task prints and how it ends must be what the login
/// shell running `bash ~/.tasks/NAME` prints and how it ends, and no task may see anything of an
/// earlier one. The tasks run with `bash-static` (scripts/deps.d/runner.txt installs it), as in
/// the guest images; the VM tests run the shell in the guest.
@Suite struct TaskShellTests {
    static let script = """
        echo "OUT:$0 line $LINENO from-profile=${FROM_PROFILE-unset} id=$(type -t id) source=${BASH_SOURCE[0]} args=$# env=${BASH_ENV-unset}"
        echo "BASH:$BASH"
        no-such-command || echo "OUT:status $?"
        for word in a "b c"; do printf 'OUT:<%s>\\n' "$word"; done
        echo OUT:to-stderr >&2
        (exit 3)
        echo OUT:never
        """

    @Test func printsAndEndsAsTheLoginShellRunningTheScriptWould() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        try Self.write(BuildTask(name: "check", script: Self.script), in: home)
        let reference = try await Self.run("bash -lc 'exec bash ~/.tasks/check' 2>&1", home: home)
        let ours = try await Self.runShell(tasks: ["check"], home: home)
        #expect(ours.stderr.isEmpty, "the shell itself complained: \(ours.stderr)")
        #expect(ours.tasks.count == 1)
        let (output, end) = try #require(ours.tasks.first)
        #expect(
            output.replacingOccurrences(of: "BASH:/usr/bin/bash-static", with: "BASH:/usr/bin/bash") == reference.stdout
        )
        #expect(output.contains("BASH:/usr/bin/bash-static"), "the task runs with the static bash: \(output)")
        #expect(end == .exited(3) && reference.status == 3)
        #expect(output.contains("+ for word in a \"b c\""), "the set -x trace: \(output)")
        #expect(output.contains("OUT:\(home.path)/.tasks/check line 4 from-profile=yes id=file"))
        #expect(output.contains("source=\(home.path)/.tasks/check args=0 env=unset"))
        #expect(output.contains("\(home.path)/.tasks/check: line 6: no-such-command: command not found"))
    }

    @Test func startsEachTaskFreshAndSkipsTheRestAfterCompleteBuild() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let tasks = [
            BuildTask(
                name: "first",
                script:
                    "set +x\nkept=yes; export EXPORTED=yes; cd /; umask 077\necho \"OUT:$$\"\necho 'export APPENDED=yes' >>~/.buildenv"
            ),
            BuildTask(
                name: "second",
                script:
                    "set +x\necho \"OUT:kept=${kept-unset} exported=${EXPORTED-unset} appended=${APPENDED-unset} pwd=$PWD umask=$(umask) shell=${hck_task-}${hck_marker-}${hck_done-}${hck_bash-} pid=$$\"\nread -r line && echo OUT:read-stdin || echo OUT:no-stdin\n[ -t 1 ] && [ -t 2 ] && printf 'OUT:tty TERM=%s %s a\\r\\nb\\n' \"$TERM\" \"$(stty size <&2)\""
            ),
            BuildTask(name: "third", script: "complete-build\necho OUT:after-complete-build"),
            BuildTask(name: "fourth", script: "echo OUT:ran"),
        ]
        for task in tasks { try Self.write(task, in: home) }
        let ours = try await Self.runShell(tasks: tasks.map(\.name), home: home)
        #expect(ours.stderr.isEmpty, "the shell itself complained: \(ours.stderr)")
        try #require(ours.tasks.count == 4)
        #expect(ours.tasks.map(\.end) == [.exited(0), .exited(0), .exited(0), .completeBuild])
        let firstPid = ours.tasks[0].output.split(separator: "OUT:").last.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let second = ours.tasks[1].output
        #expect(
            second.contains("OUT:kept=unset exported=unset appended=yes pwd=\(home.path) umask=0022 shell= pid="),
            "\(second)"
        )
        #expect(!second.contains("pid=\(firstPid ?? "?")\n"), "each task is its own process")
        #expect(second.contains("OUT:no-stdin"), "a task's standard input is empty, not the shell's requests")
        #expect(
            second.contains("OUT:tty TERM=xterm-256color 24 80 a\r\nb\n"),
            "standard output and error are an 80x24 terminal that leaves the bytes as written: \(second)"
        )
        #expect(
            ours.tasks[2].output.hasSuffix("+ complete-build\n+ echo 1\n+ exit 0\n"),
            "complete-build ends the task at once"
        )
        #expect(ours.tasks[3].output.isEmpty)
    }

    /// An image whose script(1) cannot make the terminal (busybox's, an old util-linux) still runs
    /// its tasks, without a terminal.
    @Test func withoutAUsableScriptTheTasksRunWithoutATerminal() async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home) }
        let bin = home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("script")
        try "#!/bin/sh\necho 'script: unknown option' >&2\nexit 1\n".write(
            to: script,
            atomically: true,
            encoding: .utf8
        )
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let tasks = [
            BuildTask(name: "first", script: "set +x\n[ -t 1 ] && echo OUT:tty || echo OUT:no-tty"),
            BuildTask(name: "second", script: "exit 4"),
        ]
        for task in tasks { try Self.write(task, in: home) }
        let ours = try await Self.runShell(tasks: tasks.map(\.name), home: home, path: bin.path)
        #expect(ours.stderr.isEmpty, "the shell itself complained: \(ours.stderr)")
        #expect(ours.tasks.map(\.end) == [.exited(0), .exited(4)])
        #expect(ours.tasks.first?.output == "+ set +x\nOUT:no-tty\n")
    }

    /// Writes a task's script to `~/.tasks/NAME`, as the setup does.
    static func write(_ task: BuildTask, in home: URL) throws {
        try TaskScript.render(task).write(
            to: home.appendingPathComponent(".tasks/\(task.name)"),
            atomically: true,
            encoding: .utf8
        )
    }

    /// Runs the task shell with one request per task, and splits its output by the requests'
    /// markers as the runner does.
    static func runShell(tasks: [String], home: URL, path: String? = nil) async throws
        -> (tasks: [(output: String, end: TaskEndScanner.End)], stderr: String)
    {
        let markers = tasks.map { _ in TaskShell.newMarker() }
        let requests = home.appendingPathComponent("requests")
        try zip(tasks, markers).map { TaskShell.request(task: $0, marker: $1) }.joined()
            .write(to: requests, atomically: true, encoding: .utf8)
        let command = TaskShell.command(user: NSUserName())
        let result = try await run(path.map { "PATH=\($0):$PATH\n" + command } ?? command, home: home, input: requests)
        var rest = ByteBuffer(string: result.stdout)
        var split: [(output: String, end: TaskEndScanner.End)] = []
        for marker in markers {
            var scanner = TaskEndScanner(marker: marker)
            var output = ""
            var end: TaskEndScanner.End?
            var after = ByteBuffer()
            for piece in scanner.scan(rest) {
                switch piece {
                case .output(let bytes): output += String(buffer: bytes)
                case .ended(let how): end = how
                case .after(let bytes): after = bytes
                }
            }
            guard let end else { break }
            split.append((output, end))
            rest = after
        }
        return (split, result.stderr)
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

    /// Runs `bash -c COMMAND` in HOME with standard input from a file (or empty), umask 022,
    /// standard error kept apart, and `SHELL=/bin/sh` (dash here), so nothing may rely on the
    /// login shell being bash.
    static func run(_ command: String, home: URL, input: URL? = nil) async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let errors = home.appendingPathComponent("stderr")
        let (status, stdout) = try await ChildProcess.output(
            "/bin/bash",
            [
                "-c", "cd \"$1\" && umask 022 && HOME=\"$1\" SHELL=/bin/sh /bin/bash -c \"$2\" <\"$3\" 2>\"$4\"",
                "bash",
                home.path,
                command, input?.path ?? "/dev/null", errors.path,
            ]
        )
        return (status, stdout, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
