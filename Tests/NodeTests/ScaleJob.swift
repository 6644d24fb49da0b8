import Crypto
import Foundation

/// One of the scale suite's jobs: its manifest, and what its logs must show. Every job's `work` task
/// prints ``lines`` numbered lines (several of the runner's log batches) and sleeps a little, so that
/// jobs are running when the suite kills a runner; a third of the jobs also print the hash of a
/// secret file, another third make an artifact of random bytes and print its hash. Both tasks post
/// their start and end to the ``TaskRecorder``.
struct ScaleJob: Sendable {
    /// What the job does besides its numbered lines.
    enum Kind: Sendable {
        case plain
        /// Prints the SHA-256 of the secret file ``secretPath``.
        case secret
        /// Makes ``artifactPath`` of ``artifactBytes`` random bytes and prints its SHA-256.
        case artifact
    }

    /// The numbered lines the `work` task prints: about 940 KiB, more than one 512 KiB uplink batch.
    static let lines = 20_000
    /// The secret's name and where it lands in the guest.
    static let secretName = "scale-secret"
    static let secretPath = "~/scale-secret"
    /// The artifact's path in the guest and its size (hundreds of KiB).
    static let artifactPath = "out/blob.bin"
    static let artifactBytes = 384 * 1024

    let kind: Kind

    /// The twelve jobs, kinds in turn.
    static let all: [ScaleJob] = (0..<12).map { ScaleJob(kind: [.secret, .artifact, .plain][$0 % 3]) }

    /// The line at `number` of the `work` task's output.
    static func line(_ number: Int) -> String {
        "line " + String(repeating: "0", count: 6 - String(number).count) + "\(number) "
            + String(repeating: ".", count: 36)
    }

    /// The manifest, posting to `recorder`.
    func manifest(recorder: TaskRecorder) -> String {
        var work = [
            recorder.post(task: "work", event: "start"),
            "seq -f 'line %06g \(String(repeating: ".", count: 36))' 1 \(Self.lines)",
        ]
        var extra = ""
        switch kind {
        case .plain:
            break
        case .secret:
            work.append("echo \"secret-sha256 $(sha256sum < \(Self.secretPath) | cut -d' ' -f1)\"")
            extra = "secrets:\n  - \(Self.secretName)\n"
        case .artifact:
            work += [
                "mkdir -p out && head -c \(Self.artifactBytes) /dev/urandom > \(Self.artifactPath)",
                "echo \"artifact-sha256 $(sha256sum < \(Self.artifactPath) | cut -d' ' -f1)\"",
            ]
            extra = "artifacts:\n  - \(Self.artifactPath)\n"
        }
        work += ["sleep 3", recorder.post(task: "work", event: "end")]
        let check = [
            recorder.post(task: "check", event: "start"), "echo checked", recorder.post(task: "check", event: "end"),
        ]
        return """
            image: debian/bookworm
            \(extra)tasks:
              - work: |
            \(work.map { "      " + $0 }.joined(separator: "\n"))
              - check: |
            \(check.map { "      " + $0 }.joined(separator: "\n"))

            """
    }

    /// The numbered lines of a `work` log, in the order they came.
    static func numberedLines(of log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.hasPrefix("line ") }
    }

    /// Whether `numbered` is the first `numbered.count` lines, each once and in order; the last may be
    /// cut short (a job whose runner was killed while the line went up).
    static func isPrefixInOrder(_ numbered: [Substring]) -> Bool {
        numbered.count <= lines
            && numbered.enumerated().allSatisfy { number, text in
                text == line(number + 1) || (number == numbered.count - 1 && line(number + 1).hasPrefix(text))
            }
    }

    /// The value a line `NAME-sha256 HEX` of `log` gives, if any.
    static func printedHash(_ name: String, in log: String) -> String? {
        log.split(separator: "\n").first { $0.hasPrefix("\(name)-sha256 ") }.map {
            String($0.dropFirst(name.count + 8))
        }
    }

    /// Lower-case hex SHA-256 of `data`, as sha256sum prints it.
    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
