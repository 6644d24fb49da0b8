import Foundation
import HckCore
import Images
import Runner

/// Why the bench could not measure.
typealias BenchError = CodedError<BenchErrorCode>

/// What kind of failure a ``BenchError`` is.
enum BenchErrorCode: String, ErrorCode {
    /// Preparing the run (the key) failed.
    case setup
    /// No `ssh … true` succeeded in time.
    case sshNeverReady
}

/// Tries `ssh build@127.0.0.1 -p PORT true` (pinned host key) until it succeeds, remembering
/// what the last failed try said, so a failure can tell a refused connection (sshd not up), a
/// slow handshake, a refused login (`/run/nologin`, key) and a dead guest apart.
struct SSHReadiness {
    /// How long one try may take to connect and finish its handshake. OpenSSH applies
    /// `ConnectTimeout` to the banner exchange too, and on a busy host an emulated sshd can take
    /// longer than a few seconds to send its banner: a short limit would kill every try.
    static let connectTimeoutSeconds = 60

    let key: URL
    let knownHosts: URL
    let console: URL

    /// Waits for SSH to let the build user in.
    /// - Parameters:
    ///   - vm: the booted VM.
    ///   - deadline: how long after the domain's start to keep trying.
    ///   - progress: told every 15 s how it is going.
    /// - Returns: the time from the domain's start to the first successful try, and the tries.
    /// - Throws: ``BenchError`` (`sshNeverReady`) with the tries, the last failure and the console's end.
    func wait(
        for vm: any VirtualMachine,
        deadline: Duration,
        progress: (String) -> Void
    ) async throws -> (ready: Duration, tries: SSHTries) {
        try "[127.0.0.1]:\(vm.sshPort) \(vm.hostKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        var tries = SSHTries()
        var lastReport = ContinuousClock.now
        while ContinuousClock.now - vm.createdAt < deadline {
            let result = try await ChildProcess.output("/usr/bin/ssh", arguments(port: vm.sshPort))
            tries.count += 1
            if result.status == 0 { return (ContinuousClock.now - vm.createdAt, tries) }
            tries.failed(status: result.status, output: result.text)
            if ContinuousClock.now - lastReport > .seconds(15) {
                lastReport = ContinuousClock.now
                progress("  ssh not ready after \((ContinuousClock.now - vm.createdAt).seconds) (\(tries.summary))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw BenchError(
            .sshNeverReady,
            "no `ssh build@127.0.0.1 -p \(vm.sshPort) true` succeeded within \(deadline) of the domain's start"
                + " (\(tries.summary); the last ended with \(tries.last)); load average now \(BootBench.loadAverage);"
                + " the console (\(console.path)) ends:\n\(consoleTail())"
        )
    }

    private func arguments(port: Int) -> [String] {
        [
            "-i", key.path, "-p", "\(port)", "-o", "BatchMode=yes", "-o",
            "ConnectTimeout=\(Self.connectTimeoutSeconds)",
            "-o", "UserKnownHostsFile=\(knownHosts.path)", "-o", "StrictHostKeyChecking=yes",
            "-o", "LogLevel=ERROR", "build@127.0.0.1", "true",
        ]
    }

    private func consoleTail() -> String {
        let text = (try? String(contentsOf: console, encoding: .utf8)) ?? ""
        let lines = text.split(whereSeparator: \.isNewline).suffix(15)
        return lines.isEmpty ? "  (empty)" : lines.map { "  | \($0)" }.joined(separator: "\n")
    }
}

/// The `ssh … true` tries of one wait: how many, and what the failed ones said, grouped.
struct SSHTries {
    /// How many tries ran.
    var count = 0
    /// The failures' last lines (numbers masked, so ports do not split groups) and how often.
    var failures: [String: Int] = [:]
    /// The last failure as it was.
    var last = "no try failed"

    /// Records a failed try.
    /// - Parameters:
    ///   - status: ssh's exit status.
    ///   - output: what it printed.
    mutating func failed(status: Int32, output: String) {
        let said = output.split(whereSeparator: \.isNewline).last.map(String.init) ?? "(nothing printed)"
        last = "exit status \(status): \(said)"
        let group = last.replacingOccurrences(of: "[0-9]+", with: "#", options: .regularExpression)
        failures[group, default: 0] += 1
    }

    /// `7 tries; failed: 4× …, 2× …`.
    var summary: String {
        let groups = failures.sorted { $0.value > $1.value }.map { "\($0.value)× \($0.key)" }
        return "\(count) tries" + (groups.isEmpty ? "" : "; failed: " + groups.joined(separator: ", "))
    }
}
