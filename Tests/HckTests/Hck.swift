import Foundation
import TestSupport
import Testing

/// The `hck` executable built beside the tests.
enum Hck {
    /// Runs `hck` with `arguments`, feeding `input` on standard input.
    static func run(_ arguments: [String], input: String = "") throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = try BuiltProducts.hck
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
