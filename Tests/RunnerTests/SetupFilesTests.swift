import Foundation
import HckCore
import Images
import Manifest
import NIOCore
import Testing

@testable import Runner

/// `~/.buildenv` and the task files go to the guest as one tar archive on one command's stdin;
/// here the host's GNU tar unpacks it as the guest's does, with the guest's command line.
@Suite struct SetupFilesTests {
    @Test func oneCommandWritesBuildEnvAndEveryTaskScript() async throws {
        let long = String(repeating: "x", count: BuildTask.maximumNameLength)
        let tasks = [
            BuildTask(name: "build", script: "make\n"),
            BuildTask(name: "test", script: "echo 'ünïcode' \"$HOME\""),
            BuildTask(name: long, script: String(repeating: "echo more than a block\n", count: 100)),
        ]
        let buildEnv = "export CI=true\nexport JOB_ID=42\n"
        let command = SetupPlan.filesCommand(buildEnv: buildEnv, tasks: tasks)
        #expect(command.command == "tar -x -m -f - -C ~")
        #expect(command.display.contains("~/.buildenv ~/.tasks/build ~/.tasks/test"))
        let steps = SetupPlan.steps(
            buildEnv: buildEnv,
            tasks: tasks,
            secrets: [],
            repositoryCommands: [],
            installCommand: nil,
            sources: []
        )
        #expect(steps.count == 1 && steps[0].commands == [command], "one step of one command")

        let home = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "setup-files-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let archive = home.appendingPathComponent("files.tar")
        try Data(try #require(command.stdin).readableBytesView).write(to: archive)
        let unpack = try await ChildProcess.output(
            "/bin/sh",
            [
                "-c", command.command.replacingOccurrences(of: "~", with: "\"$0\"") + " < \"$1\"", home.path,
                archive.path,
            ]
        )
        #expect(unpack.status == 0, "tar said: \(unpack.text)")
        #expect(unpack.text.isEmpty, "no warnings: \(unpack.text)")

        #expect(try String(contentsOf: home.appendingPathComponent(".buildenv"), encoding: .utf8) == buildEnv)
        for task in tasks {
            let file = home.appendingPathComponent(".tasks/\(task.name)")
            #expect(try String(contentsOf: file, encoding: .utf8) == TaskScript.render(task))
            let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o111 == 0o111 } == true, "\(task.name) is executable")
        }
        let modified =
            try FileManager.default.attributesOfItem(atPath: home.appendingPathComponent(".buildenv").path)[
                .modificationDate
            ] as? Date
        #expect(modified.map { abs($0.timeIntervalSinceNow) < 600 } == true, "-m: the time of unpacking, not 1970")
    }
}
