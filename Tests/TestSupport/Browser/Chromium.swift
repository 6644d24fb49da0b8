public import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's Chromium, headless, for tests: `--dump-dom`, `--screenshot`, and a DevTools session.
package enum Chromium {
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--disable-extensions",
    ]

    /// The DOM after the page loaded (scripts ran), as Chromium serialises it.
    package static func dumpDOM(_ url: URL) async throws -> String {
        let profile = try TemporaryDirectory()
        let output = try await run(
            flags + ["--user-data-dir=\(profile.path("profile"))", "--dump-dom", url.absoluteString]
        )
        return String(decoding: output, as: UTF8.self)
    }

    /// Saves a PNG of the page at `file`.
    package static func screenshot(_ url: URL, to file: String, width: Int = 1100, height: Int = 1500) async throws {
        let profile = try TemporaryDirectory()
        _ = try await run(
            flags + [
                "--user-data-dir=\(profile.path("profile"))", "--window-size=\(width),\(height)",
                "--screenshot=\(file)", url.absoluteString,
            ]
        )
        guard FileManager.default.fileExists(atPath: file) else {
            throw Failure(description: "chromium wrote no screenshot at \(file)")
        }
    }

    /// Runs chromium to completion (at most `limit`) and returns its standard output.
    ///
    /// Nothing here blocks a thread: the output goes to a file and the exit is awaited. (A blocking
    /// read on Swift's cooperative pool could starve the in-process server the browser is loading from.)
    package static func run(_ arguments: [String], limit: Duration = .seconds(60)) async throws -> Data {
        let scratch = try TemporaryDirectory()
        let outputPath = scratch.path("stdout")
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        defer { try? output.close() }
        let process = try await SpawnedProcess.start("/usr/bin/chromium", arguments, output: output)
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await process.exitStatus()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            if !first { process.signal(SIGKILL) }
            group.cancelAll()
            return first
        }
        guard finished else {
            throw Failure(description: "chromium \(arguments.last ?? "") did not finish within \(limit)")
        }
        let status = await process.exitStatus()
        guard status == 0 else {
            throw Failure(description: "chromium \(arguments.last ?? "") exited with \(status)")
        }
        return try Data(contentsOf: URL(fileURLWithPath: outputPath))
    }
}
