import Foundation
import HckCore
import Manifest

/// The `hck` CLI pointed at the bench's `hck up` as its banner says: HCK_URL and HCK_TOKEN (from
/// the user token file it names) in the environment of each command.
struct HckCLI: Sendable {
    /// The `hck` binary.
    let hck: String
    /// The server's URL.
    let url: String
    /// The user's API token.
    let token: String

    /// Runs `hck ARGUMENTS…` to its end.
    /// - Returns: its exit status and everything it printed.
    func run(_ arguments: [String]) async throws -> (status: Int32, text: String) {
        try await ChildProcess.output("/usr/bin/env", ["HCK_URL=\(url)", "HCK_TOKEN=\(token)", hck] + arguments)
    }

    /// `hck submit FILE`, which prints `job ID: URL`.
    /// - Returns: the new job's id.
    /// - Throws: ``ConcurrencyBenchError`` (`submitFailed`) with what it printed.
    func submit(_ file: URL) async throws -> Int64 {
        let (status, text) = try await run(["submit", file.path])
        guard status == 0,
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("job ") }),
            let id = Int64(line.dropFirst(4).prefix { $0.isNumber })
        else {
            throw ConcurrencyBenchError(
                .submitFailed,
                "`hck submit \(file.path)` exited \(status) and said: \(text)"
            )
        }
        return id
    }

    /// The job's status from `hck status ID`, whose first line is `job ID: STATUS …`; nil when it
    /// failed or printed something else (a passing error is polled again).
    func status(of id: Int64) async throws -> JobStatus? {
        let (status, text) = try await run(["status", "\(id)"])
        let prefix = "job \(id): "
        guard status == 0, let line = text.split(separator: "\n").first, line.hasPrefix(prefix),
            let word = line.dropFirst(prefix.count).split(separator: " ").first
        else { return nil }
        return JobStatus(rawValue: String(word))
    }
}
