import Foundation
import HckCore
import TestSupport
import Testing

/// The `hck` executable built beside the tests.
enum Hck {
    /// Runs `hck` with `arguments`, feeding `input` on standard input; its status and its standard
    /// output and error apart.
    static func run(_ arguments: [String], input: String = "") async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let scratch = try TemporaryDirectory()
        let files = ["stdin", "stdout", "stderr"].map { scratch.url.appendingPathComponent($0) }
        try Data(input.utf8).write(to: files[0])
        for file in files.dropFirst() { FileManager.default.createFile(atPath: file.path, contents: nil) }
        let stdin = try FileHandle(forReadingFrom: files[0])
        let stdout = try FileHandle(forWritingTo: files[1])
        let stderr = try FileHandle(forWritingTo: files[2])
        defer { for handle in [stdin, stdout, stderr] { try? handle.close() } }
        let process = try await SpawnedProcess.start(
            try BuiltProducts.hck.path,
            arguments,
            output: stdout,
            error: stderr,
            input: stdin
        )
        let status = await process.exitStatus()
        return (
            status, try String(contentsOf: files[1], encoding: .utf8), try String(contentsOf: files[2], encoding: .utf8)
        )
    }
}
