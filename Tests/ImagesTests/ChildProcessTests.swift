import Foundation
import HckCore
import Images
import Testing

@Suite("ChildProcess")
struct ChildProcessTests {
    /// Short programs started while long-lived ones start beside them each end on their own:
    /// no child's end waits for another child (Foundation's `Process` could hide it behind a
    /// sibling that inherited its descriptor). Hangs, and the time limit fails it, if one is lost.
    @Test(.timeLimit(.minutes(1)))
    func shortChildrenEndWhileLongOnesRun() async throws {
        let pipe = Pipe()
        try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<8 {
                // Lives until the test closes the pipe's writing end.
                group.addTask {
                    try await ChildProcess.run("/bin/sh", ["-c", "read line"], input: pipe.fileHandleForReading)
                }
            }
            let shortOnes = try await withThrowingTaskGroup(of: (Int32, String).self) { shorts in
                for index in 0..<24 {
                    shorts.addTask {
                        try await ChildProcess.output("/bin/sh", ["-c", "echo child \(index); exit \(index % 3)"])
                    }
                }
                return try await shorts.reduce(into: [(Int32, String)]()) { $0.append($1) }
            }
            #expect(shortOnes.count == 24)
            for (status, text) in shortOnes {
                let index = Int32(
                    text.split(separator: " ").last.flatMap {
                        Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
                    } ?? -1
                )
                #expect(status == index % 3, "child printed \(text)")
            }
            try pipe.fileHandleForWriting.close()
            for try await status in group { #expect(status == 1 || status == 0) }
        }
    }

    /// Exit codes, a signal's death, the environment and standard input arrive as given.
    @Test
    func statusEnvironmentAndInput() async throws {
        #expect(try await ChildProcess.run("/bin/sh", ["-c", "exit 7"]) == 7)
        #expect(try await ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"]) == 128 + SIGTERM)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hck-child-\(UUID().uuidString)")
        try Data("from stdin\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let input = try FileHandle(forReadingFrom: file)
        defer { try? input.close() }
        let result = try await ChildProcess.output("/bin/sh", ["-c", "cat; echo err >&2"], input: input)
        #expect(result.status == 0)
        #expect(result.text == "from stdin\nerr\n")
        let env = try await ChildProcess.run(
            "/bin/sh",
            ["-c", "test \"$HCK_CHILD_TEST\" = 'a b'"],
            environment: ["HCK_CHILD_TEST": "a b"]
        )
        #expect(env == 0)
        await #expect(throws: (any Error).self) { try await ChildProcess.run("/nonexistent/program", []) }
    }

    /// Long-lived children (``SpawnedProcess``, what tests run servers and browsers with) started
    /// while short ones start and end beside them: every end is seen, each at its own time, the
    /// long ones' when a signal ends them; a signal to an ended one reaches nobody.
    @Test(.timeLimit(.minutes(1)))
    func spawnedChildrenEndOnTheirOwnWhileOthersStart() async throws {
        let long = try await withThrowingTaskGroup(of: SpawnedProcess.self) { group in
            for _ in 0..<6 { group.addTask { try await SpawnedProcess.start("/bin/sleep", ["600"]) } }
            return try await group.reduce(into: [SpawnedProcess]()) { $0.append($1) }
        }
        let short = try await withThrowingTaskGroup(of: Int32.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let child = try await SpawnedProcess.start("/bin/sh", ["-c", "exit \(index % 4)"])
                    return await child.exitStatus() - Int32(index % 4)
                }
            }
            return try await group.reduce(into: [Int32]()) { $0.append($1) }
        }
        #expect(short == Array(repeating: 0, count: 16), "each short child's own status")
        #expect(long.allSatisfy { $0.isRunning })
        for child in long { child.signal(SIGKILL) }
        for child in long {
            #expect(await child.exitStatus() == 128 + SIGKILL)
            #expect(!child.isRunning && child.exitCode == 128 + SIGKILL)
            child.signal(SIGKILL)
        }
        await #expect(throws: (any Error).self) { try await SpawnedProcess.start("/nonexistent/program", []) }
    }
}
