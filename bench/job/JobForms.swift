import Foundation
import HckCore

/// The ways the bench runs examples/hello.yml.
enum JobForm: String, CaseIterable, CustomStringConvertible {
    /// `hck run --boot cold --no-package-cache`: a cold boot, packages from the mirrors.
    case cold
    /// The untimed `hck run --boot restore` that makes the saved state and fills the package cache.
    case warmUp = "warm-up"
    /// `hck run --boot restore` with the saved state made and the package cache filled.
    case restoredWarm = "restored+warm"
    /// QEMU and one `ssh -t -t` per step, as builds.sr.ht's worker does it (``SrhtStyleRun``).
    case srhtStyle = "srht-style"

    /// The form's own flags to `hck run` (none for the srht-style run, which runs no `hck`).
    var hckFlags: [String] {
        switch self {
        case .cold: ["--boot", "cold", "--no-package-cache"]
        case .warmUp, .restoredWarm: ["--boot", "restore"]
        case .srhtStyle: []
        }
    }

    /// The form's name as the report prints it.
    var description: String { rawValue }
}

/// Why the bench could not measure.
typealias JobBenchError = CodedError<JobBenchErrorCode>

/// What kind of failure a ``JobBenchError`` is.
enum JobBenchErrorCode: String, ErrorCode {
    /// An unknown option, or an option's value missing or wrong.
    case usage
    /// Something the forms need is missing: `hck`, the manifest, the image, the key.
    case setup
    /// A form did not run the job to success.
    case formFailed
}

extension CodedError where Code == JobBenchErrorCode {
    /// A form that failed: which, what failed in it, its exit status and the end of its output.
    /// - Parameters:
    ///   - form: the form that failed.
    ///   - what: what in it failed, e.g. "`hck run …`" or "step packages (`ssh -t -t …`)".
    ///   - status: that process's exit status.
    ///   - log: the form's log file.
    static func formFailed(_ form: JobForm, _ what: String, status: Int32, log: URL) -> JobBenchError {
        JobBenchError(
            .formFailed,
            "the \(form) form failed: \(what) exited with status \(status); its output (\(log.path)) ends:\n"
                + LogTail.lines(30, of: log)
        )
    }
}

/// The end of a log file, for failure messages.
enum LogTail {
    /// The file's last `count` lines, each indented (`(empty)` for none). Read leniently: a log
    /// carries terminal output, which need not be valid UTF-8.
    static func lines(_ count: Int, of file: URL) -> String {
        let text = FileManager.default.contents(atPath: file.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = text.split(whereSeparator: \.isNewline).suffix(count)
        return lines.isEmpty ? "  (empty)" : lines.map { "  | \($0)" }.joined(separator: "\n")
    }
}
