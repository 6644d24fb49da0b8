package import Foundation
package import HckCore

/// A peer a test starts (an SMTP server, a browser): its standard output and error go to `log`,
/// and it counts as started once `log` holds `ready`.
/// - Parameters:
///   - executable: absolute path of the program.
///   - arguments: its arguments.
///   - log: the file its output goes to (made empty first).
///   - ready: what it prints once it serves.
///   - limit: how long it may take.
/// - Returns: the running program and what it printed up to then.
/// - Throws: when it ends or the limit passes before it printed `ready` (it is killed then),
///   saying what it printed.
package func startLogged(
    _ executable: String,
    _ arguments: [String],
    log: URL,
    ready: String,
    within limit: Duration = .seconds(60)
) async throws -> (process: SpawnedProcess, printed: String) {
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    let process = try await SpawnedProcess.start(executable, arguments, output: handle, error: handle)
    let deadline = ContinuousClock.now + limit
    while true {
        let printed = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if printed.contains(ready) { return (process, printed) }
        guard process.isRunning, ContinuousClock.now < deadline else {
            process.signal(SIGKILL)
            throw StartFailure(
                description:
                    "\(executable) \(arguments.first ?? "") did not print '\(ready)' within \(limit): \(printed)"
            )
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// A peer that did not start; what it printed.
package struct StartFailure: Error, CustomStringConvertible {
    package var description: String
}
