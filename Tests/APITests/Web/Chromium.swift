import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's Chromium, headless, for tests: `--dump-dom`, `--screenshot`, and a DevTools session.
enum Chromium {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--disable-extensions",
    ]

    /// The DOM after the page loaded (scripts ran), as Chromium serialises it.
    static func dumpDOM(_ url: URL) async throws -> String {
        let profile = try TemporaryDirectory()
        let output = try await run(
            flags + ["--user-data-dir=\(profile.path("profile"))", "--dump-dom", url.absoluteString]
        )
        return String(decoding: output, as: UTF8.self)
    }

    /// Saves a PNG of the page at `file`.
    static func screenshot(_ url: URL, to file: String, width: Int = 1100, height: Int = 1500) async throws {
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

    /// Runs chromium to completion and returns its standard output.
    static func run(_ arguments: [String]) async throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let finished = AsyncStream.makeStream(of: Void.self)
        process.terminationHandler = { _ in finished.continuation.finish() }
        try process.run()
        // Read while it runs so a large DOM cannot fill the pipe and stall chromium.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        for await _ in finished.stream {}
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium \(arguments.last ?? "") exited with \(process.terminationStatus)")
        }
        return data
    }
}
