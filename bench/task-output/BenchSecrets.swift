import Foundation
import HckCore
import Runner

/// The secrets the masking stage masks, as a job that received them would: a fresh Ed25519 key
/// from `ssh-keygen` (every line of it is masked) and a file secret of random tokens.
enum BenchSecrets {
    static func make(in work: URL) async throws -> [JobSecret] {
        let keyFile = work.appendingPathComponent("masked-key")
        let made = try await ChildProcess.output(
            "/usr/bin/ssh-keygen",
            ["-q", "-t", "ed25519", "-N", "", "-C", "bench", "-f", keyFile.path]
        )
        guard made.status == 0 else { throw StageFailure("ssh-keygen: \(made.text)") }
        let key = try Data(contentsOf: keyFile)
        let token = { (1...3).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "") }.joined() }
        let file = "API_TOKEN=\(token())\nDEPLOY_PASSWORD=\(token())\n\(token())\n"
        return [
            JobSecret(id: UUID().uuidString, name: "deploy-key", kind: .sshKey, value: Array(key)),
            JobSecret(
                id: UUID().uuidString,
                name: "tokens",
                kind: .file(path: "/home/build/.tokens", mode: 0o600),
                value: Array(file.utf8)
            ),
        ]
    }

    /// How many lines the secrets hold (each one a value to mask).
    static func lineCount(of secrets: [JobSecret]) -> Int {
        secrets.map { $0.value.split(separator: UInt8(ascii: "\n")).count }.reduce(0, +)
    }
}
