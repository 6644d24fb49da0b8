import Foundation
import HckCore

/// One run of a build step's shell script, its output captured to a log file.
struct StepScript {
    /// The script to run with bash.
    let script: URL
    /// Extra environment for it.
    let environment: [String: String]
    /// Where its standard output and error go.
    let log: URL

    /// Runs the script to its end.
    /// - Throws: ``ImageError`` with the log's last lines when it fails.
    func run() async throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let status: Int32
        do {
            status = try await ChildProcess.run("/bin/bash", [script.path], environment: environment, output: handle)
        } catch {
            throw ImageError(.cannotStart, "\(script.path): cannot start: \(error)")
        }
        guard status == 0 else {
            throw ImageError(
                .stepFailed,
                "\(script.path) exited with status \(status); last lines of \(log.path):\n\(tail(lines: 20))"
            )
        }
    }

    private func tail(lines: Int) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
