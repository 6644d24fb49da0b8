public import Foundation
import HckCore

/// Runs a program to its end and returns its status and output (standard output and error
/// together), through HckCore's ChildProcess: its end is awaited without blocking a thread, and no
/// sibling process can hide it.
package enum ChildProcess {
    /// Runs `executable`; with `environment`, the program sees exactly that environment.
    package static func run(
        _ executable: URL,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String) {
        let result: (status: Int32, text: String)
        if let environment {
            let assignments = environment.map { "\($0.key)=\($0.value)" }.sorted()
            result = try await HckCore.ChildProcess.output(
                "/usr/bin/env",
                ["-i"] + assignments + [executable.path] + arguments
            )
        } else {
            result = try await HckCore.ChildProcess.output(executable.path, arguments)
        }
        return (result.status, result.text)
    }

    /// `/usr/bin/env NAME ARGS…`.
    package static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
    }
}
