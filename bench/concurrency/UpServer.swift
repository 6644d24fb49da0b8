import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// `hck up` (the `hck` built next to this bench, which replaces itself with `hck-vm up`: the
/// process id stays the same) on a free loopback port, with its data, work folder and log in the
/// bench's work folder.
struct UpServer {
    /// The running `hck up`.
    let process: SpawnedProcess
    /// Its output and logs.
    let log: URL
    /// The CLI pointed at it.
    let cli: HckCLI
    /// Keeps the log file open as long as `hck up` writes to it.
    private let output: FileHandle

    /// How long `hck up` may take to serve: it sets up guest isolation and the package cache first.
    static let startDeadline: Duration = .seconds(300)

    /// Starts `hck up` and waits until it serves.
    /// - Parameters:
    ///   - hck: the `hck` binary.
    ///   - work: the bench's work folder.
    ///   - slots: how many jobs run at once.
    ///   - imageRoot: `--image-dir`, or nil for `hck up`'s default.
    ///   - firstJobID: `--first-job-id`: job ids name VMs, which are global to the host.
    /// - Throws: ``ConcurrencyBenchError`` (`upFailed`) when it ends or says nothing in time.
    static func start(
        hck: String,
        work: URL,
        slots: Int,
        imageRoot: String?,
        firstJobID: Int64
    ) async throws -> UpServer {
        let data = work.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let socket = try LoopbackSocket.bind()
        let port = socket.port
        socket.close()
        let log = work.appendingPathComponent("up.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        var arguments = [
            "up", "--listen", "127.0.0.1:\(port)", "--data", data.path, "--slots", "\(slots)", "--no-ssh",
            "--failed-keep", "0s", "--work-dir", work.appendingPathComponent("up-work").path,
            "--first-job-id", "\(firstJobID)",
        ]
        if let imageRoot { arguments += ["--image-dir", imageRoot] }
        let process = try await SpawnedProcess.start(hck, arguments, output: output, error: output)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < startDeadline {
            if let banner = banner(in: log) {
                let token = try String(contentsOfFile: banner.tokenFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                return UpServer(
                    process: process,
                    log: log,
                    cli: HckCLI(hck: hck, url: banner.url, token: token),
                    output: output
                )
            }
            if let status = process.exitCode {
                try? output.close()
                throw ConcurrencyBenchError(
                    .upFailed,
                    "`hck \(arguments.joined(separator: " "))` exited \(status) before serving; its log ends:\n"
                        + tail(of: log)
                )
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        process.signal(SIGKILL)
        _ = await process.exitStatus()
        try? output.close()
        throw ConcurrencyBenchError(
            .upFailed,
            "hck up did not say it serves within \(startDeadline); its log ends:\n" + tail(of: log)
        )
    }

    /// The URL and the user token file from `hck up`'s banner:
    /// `hck up: serving URL (data in …) as user …` and
    /// `  point the CLI at it:  export HCK_URL=URL HCK_TOKEN=$(cat PATH)`.
    private static func banner(in log: URL) -> (url: String, tokenFile: String)? {
        let text = FileManager.default.contents(atPath: log.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = text.split(separator: "\n")
        guard let serving = lines.first(where: { $0.hasPrefix("hck up: serving ") }),
            let url = serving.dropFirst("hck up: serving ".count).split(separator: " ").first,
            let hint = lines.first(where: { $0.contains("HCK_TOKEN=$(cat ") }),
            let open = hint.range(of: "HCK_TOKEN=$(cat "),
            let close = hint[open.upperBound...].firstIndex(of: ")")
        else { return nil }
        return (String(url), String(hint[open.upperBound..<close]))
    }

    /// The log's last 30 lines.
    static func tail(of log: URL) -> String {
        let text = FileManager.default.contents(atPath: log.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lines = text.split(whereSeparator: \.isNewline).suffix(30)
        return lines.isEmpty ? "  (empty)" : lines.map { "  | \($0)" }.joined(separator: "\n")
    }

    /// Stops `hck up`: SIGTERM (it stops taking jobs, lets running ones finish, drains the server),
    /// then SIGKILL when it has not ended 60 s later.
    /// - Returns: its exit status, and whether it had to be killed.
    func stop() async -> (status: Int32, killed: Bool) {
        process.signal(SIGTERM)
        let signalled = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - signalled < .seconds(60) {
            try? await Task.sleep(for: .milliseconds(250))
        }
        let killed = process.isRunning
        if killed { process.signal(SIGKILL) }
        let status = await process.exitStatus()
        try? output.close()
        return (status, killed)
    }
}
