import Foundation
import HckCore
import Images
import Manifest
import Testing

/// The repository command's key fetch, run for real (bash, curl, gpg) against a key
/// server on a loopback port where nothing listens, as a guest that reaches no key server sees
/// it. Only `sudo` is a stand-in (it runs its command as the test's user).
@Suite struct KeyServerTests {
    @Test func unreachableKeyServerFailsTheCommandAndSaysSo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hck-keyserver-\(UUID().uuidString)")
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sudo = bin.appendingPathComponent("sudo")
        try "#!/bin/sh\ncase \"$1\" in tee) shift; exec tee \"$@\" ;; *) exit 0 ;; esac\n"
            .write(to: sudo, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sudo.path)

        let apt = try #require(PackageManager(named: "apt", keyServer: "hkp://127.0.0.1:9"))
        let command = try apt.addRepositoryCommand(
            name: "llvm",
            spec: "https://example.org/llvm bookworm main 15CF4D18AF4F7421"
        )
        let output = folder.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let status = try await ChildProcess.run(
            "/bin/bash",
            ["-c", command],
            environment: ["PATH": "\(bin.path):/usr/bin:/bin", "TMPDIR": folder.path],
            output: handle
        )
        try handle.close()
        await stopDirmngr(under: folder)

        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(status == 1)
        // Refused at once, not waited out: curl says why (a wall-time bound failed on a loaded host).
        #expect(
            lines.contains { $0.hasPrefix("curl: (7)") } && !lines.contains { $0.contains("timed out") },
            "curl could not connect, and did not time out: \(lines)"
        )
        #expect(lines.last == apt.keyServerFailure(keyID: "15CF4D18AF4F7421", repository: "llvm"))
        #expect(lines.contains { $0.hasPrefix("curl: ") }, "curl's own reason is shown above hck's line: \(lines)")
        #expect(lines.last?.contains("no key server is reachable") == true)
        #expect(lines.last?.contains("hkp://127.0.0.1:9") == true)
    }

    @Test func rendersTheKeyFetchWithATimeoutAndTheFailureLine() throws {
        let apt = try #require(PackageManager(named: "apt"))
        let command = try apt.addRepositoryCommand(
            name: "llvm",
            spec: "https://example.org/llvm bookworm main 15CF4D18AF4F7421"
        )
        let failure = apt.keyServerFailure(keyID: "15CF4D18AF4F7421", repository: "llvm")
        #expect(
            command.contains(
                "curl -fsS --max-time \(PackageManager.keyServerTimeoutSeconds) 'https://keyserver.ubuntu.com/pks/lookup?op=get&options=mr&search=0x15CF4D18AF4F7421'"
            )
        )
        #expect(command.contains("--export 15CF4D18AF4F7421"), "only the key asked for is kept")
        #expect(command.contains("echo \(failure.shellWord) >&2; exit 1"))
        #expect(failure.contains("repository 'llvm'") && failure.contains(apt.keyServer))
    }

    @Test(arguments: [
        ("hkp://keys.example.org", "http://keys.example.org:11371/pks/lookup"),
        ("hkp://10.0.2.2:8080/", "http://10.0.2.2:8080/pks/lookup"),
        ("hkp://[::1]", "http://[::1]:11371/pks/lookup"),
        ("hkp://[::1]:80", "http://[::1]:80/pks/lookup"),
        ("hkps://keys.openpgp.org", "https://keys.openpgp.org/pks/lookup"),
        ("https://keys.example.org:8443", "https://keys.example.org:8443/pks/lookup"),
    ])
    func keyServersAreAskedOverHTTPAtTheirHKPPort(server: String, lookup: String) throws {
        let apt = try #require(PackageManager(named: "apt", keyServer: server))
        let command = try apt.addRepositoryCommand(name: "x", spec: "https://example.org/x bookworm main ABCD1234")
        #expect(command.contains("'\(lookup)?op=get&options=mr&search=0xABCD1234'"), "\(command)")
    }

    /// gpg starts a dirmngr per home folder that outlives it; the test leaves nothing running.
    private func stopDirmngr(under folder: URL) async {
        let homes = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        for home in homes where home.lastPathComponent.hasPrefix("tmp.") {
            _ = try? await ChildProcess.run("/usr/bin/gpgconf", ["--homedir", home.path, "--kill", "all"])
        }
    }
}
