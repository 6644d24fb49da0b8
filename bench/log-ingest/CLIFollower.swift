import Foundation
import ServerBenchSupport
import Subprocess
import SystemPackage

/// `hck logs JOB --follow` as a user runs it: the built `hck` as a child process, its standard output
/// read as it comes.
struct CLIFollower: Sendable {
    let hck: String
    let url: String
    let token: String

    /// Follows the job until `hck logs` exits.
    func run(job: Int64) async throws -> FollowerResult {
        let ended = try await Subprocess.run(
            .path(FilePath(hck)),
            arguments: ["logs", String(job), "--follow", "--url", url],
            environment: .inherit.updating(["HCK_TOKEN": token]),
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            var result = FollowerResult()
            var scanner = StampScanner()
            for try await buffer in execution.standardOutput {
                buffer.withUnsafeBytes { bytes in scanner.scan(bytes) { result.saw($0) } }
                result.bytes += buffer.count
            }
            return result
        }
        guard case .exited(0) = ended.terminationStatus else {
            throw BenchFailure("hck logs \(job) --follow ended \(ended.terminationStatus)")
        }
        return ended.closureResult
    }
}
