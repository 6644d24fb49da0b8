import Foundation
import Testing

/// contrib/systemd's units pass `systemd-analyze verify` with no complaint at all.
@Suite struct SystemdUnitTests {
    static let contrib = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contrib/systemd")

    @Test(arguments: ["hck-server.service", "hck-runner.service"])
    func unitVerifiesCleanly(unit: String) throws {
        let dir = try TemporaryDirectory()
        // verify checks that ExecStart's binary exists: point it at an executable in the temporary directory.
        let binary = dir.path("hck")
        #expect(FileManager.default.createFile(atPath: binary, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755]))
        let text = try String(contentsOf: Self.contrib.appendingPathComponent(unit), encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/local/bin/hck "))
        let copy = dir.path(unit)
        try text.replacingOccurrences(of: "/usr/local/bin/hck", with: binary).write(toFile: copy, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["systemd-analyze", "verify", "--man=no", copy]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        try process.run()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "systemd-analyze verify \(unit): \(output)")
        #expect(output.isEmpty, "systemd-analyze verify \(unit) complained: \(output)")
        #expect(text.contains("Restart=on-failure"))
        #expect(text.contains("NoNewPrivileges=yes"))
    }
}
