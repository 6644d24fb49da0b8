import Foundation
import HckCore

/// One `hck run` of the manifest through the `hck` built next to this bench, its output into the
/// form's log file, timed from the process's start to its exit.
struct HckRun {
    /// The `hck` binary (it hands `run` to the `hck-vm` beside it).
    let hck: String
    /// examples/hello.yml.
    let manifest: URL
    /// Where built images are (`--image-dir`).
    let imageRoot: URL

    /// Runs the manifest once in `form`.
    /// - Parameters:
    ///   - form: cold, the warm-up or restored+warm (its flags).
    ///   - folder: where the log (`hck-run.log`) and the artifacts (`artifacts/`) go.
    /// - Returns: the wall time from the start of `hck run` to its exit, and the line in which the
    ///   runner said how the VM came up (`hck: hck-job-… up in …, restored from the saved state …`
    ///   or `…, cold boot`), when the log has it.
    /// - Throws: ``JobBenchError`` (`formFailed`) when it exits non-zero, with the end of its output.
    func run(_ form: JobForm, in folder: URL) async throws -> (time: Duration, boot: String?) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let artifacts = folder.appendingPathComponent("artifacts")
        let log = folder.appendingPathComponent("hck-run.log")
        let arguments =
            ["run", manifest.path] + form.hckFlags + ["--artifacts", artifacts.path, "--image-dir", imageRoot.path]
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let started = ContinuousClock.now
        let status = try await ChildProcess.run(hck, arguments, output: handle)
        let time = ContinuousClock.now - started
        guard status == 0 else {
            throw JobBenchError.formFailed(
                form,
                "`hck \(arguments.joined(separator: " "))`",
                status: status,
                log: log
            )
        }
        let text = FileManager.default.contents(atPath: log.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let boot = text.split(whereSeparator: \.isNewline).last { line in
            line.contains(" up in ") && line.contains("ssh on ")
        }
        return (time, boot.map { String($0) })
    }
}
