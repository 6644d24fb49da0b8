import Foundation
import HckCore
import TestSupport
import Testing

/// contrib/systemd's units pass `systemd-analyze verify` with no complaint at all.
@Suite struct SystemdUnitTests {
    static let contrib = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("contrib/systemd")

    @Test(arguments: ["hck-server.service", "hck-runner.service"])
    func unitVerifiesCleanly(unit: String) async throws {
        let dir = try TemporaryDirectory()
        // verify checks that ExecStart's binary exists: point it at an executable in the temporary directory.
        let binary = dir.path("hck")
        #expect(
            FileManager.default.createFile(
                atPath: binary,
                contents: Data("#!/bin/sh\n".utf8),
                attributes: [.posixPermissions: 0o755]
            )
        )
        let text = try String(contentsOf: Self.contrib.appendingPathComponent(unit), encoding: .utf8)
        #expect(text.contains("ExecStart=/usr/local/bin/hck "))
        let copy = dir.path(unit)
        try text.replacingOccurrences(of: "/usr/local/bin/hck", with: binary).write(
            toFile: copy,
            atomically: true,
            encoding: .utf8
        )
        let (status, output) = try await ChildProcess.run(["systemd-analyze", "verify", "--man=no", copy])
        #expect(status == 0, "systemd-analyze verify \(unit): \(output)")
        #expect(output.isEmpty, "systemd-analyze verify \(unit) complained: \(output)")
        #expect(text.contains("Restart=on-failure"))
        #expect(text.contains("NoNewPrivileges=yes"))
        #expect(!text.contains("--token ") && !text.contains("TOKEN}"), "no token on a command line")
    }

    /// systemd waits for the runner's drain: TimeoutStopSec is longer than its --drain-timeout.
    @Test func theRunnersStopTimeoutOutlastsItsDrain() throws {
        let text = try String(contentsOf: Self.contrib.appendingPathComponent("hck-runner.service"), encoding: .utf8)
        func minutes(after prefix: String, unit: String) throws -> Int {
            let start = try #require(text.range(of: prefix)?.upperBound, "\(prefix) is in the unit")
            return try #require(Int(text[start...].prefix { $0.isNumber }), "\(prefix) gives \(unit)")
        }
        let drain = try minutes(after: "--drain-timeout ", unit: "minutes")
        let stop = try minutes(after: "\nTimeoutStopSec=", unit: "minutes")
        #expect(text.contains("\nTimeoutStopSec=\(stop)min\n"))
        #expect(stop > drain, "systemd would kill a draining runner before its --drain-timeout of \(drain) min")
        #expect(drain >= 45, "a job may run 45 min (its default deadline)")
    }

    /// The runner's token reaches it as a systemd credential, read from a file, never on its command line.
    @Test func theRunnersTokenIsACredential() throws {
        let text = try String(contentsOf: Self.contrib.appendingPathComponent("hck-runner.service"), encoding: .utf8)
        #expect(text.contains("\nLoadCredential=runner-token:/etc/hck/runner-token\n"))
        #expect(text.contains("--token-file %d/runner-token"))
    }
}
