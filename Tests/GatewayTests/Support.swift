import Client
import Foundation
import HckCore
import Images
import Logging
import Runner
import Server
import ServiceLifecycle
import Store
import TestSupport
import Testing
import Wire

/// A scratch folder under /var/tmp (QEMU must reach overlays), removed by ``remove()``.
struct Scratch {
    let url = URL(fileURLWithPath: "/var/tmp/hck-gateway-test-\(UUID().uuidString.prefix(8))")

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() {
        guard ProcessInfo.processInfo.environment["HCK_KEEP_TEST_FILES"] == nil else { return }
        try? FileManager.default.removeItem(at: url)
    }
}

/// A program's exit status and everything it printed (standard output and error together).
struct Ran {
    var status: Int32
    var output: String
}

/// Runs a program (looked up in PATH) to its end without blocking the cooperative pool.
/// - Parameters:
///   - arguments: the program and its arguments.
///   - stdin: a file for its standard input (default: nothing).
func execute(_ arguments: [String], stdin: String? = nil) async throws -> Ran {
    let input = stdin.flatMap { FileHandle(forReadingAtPath: $0) }
    let (status, text) = try await ChildProcess.output("/usr/bin/env", arguments, input: input)
    return Ran(status: status, output: text)
}

extension Result where Failure == any Error {
    /// The result of an async body: its value or what it threw.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
