import Foundation
import HckCore
import Images
import Testing

/// The program that chooses apt's proxy in a guest, run by the real /bin/sh (dash, as in a Debian
/// guest) with a real listener standing in for the package cache.
@Suite struct AptProxyScriptTests {
    private func choose(_ uri: String, port: Int) async throws -> String {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("hck-apt-proxy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: script) }
        try PackageManager.aptProxyScript(host: "127.0.0.1", port: port).write(
            to: script,
            atomically: true,
            encoding: .utf8
        )
        let (status, output) = try await ChildProcess.output("/bin/sh", [script.path, uri])
        #expect(status == 0)
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func archivesByNameOverPlainHTTPGoThroughTheCacheWhileItAnswers() async throws {
        for uri in [
            "http://archive.example/debian/dists/bookworm/InRelease",
            "http://archive.example",
            "http://security.archive.example/debian-security/",
        ] {
            // A listener each: nobody accepts, and a connection waits in its backlog.
            let cache = try LoopbackSocket.bind(listening: true)
            defer { cache.close() }
            #expect(try await choose(uri, port: cache.port) == "http://127.0.0.1:\(cache.port)", "\(uri)")
        }
    }

    @Test func everythingElseGoesDirect() async throws {
        let cache = try LoopbackSocket.bind(listening: true)
        defer { cache.close() }
        for uri in [
            "https://archive.example/debian/",  // the cache fetches only plain HTTP
            "http://archive.example:8080/debian/",  // ... on port 80
            "http://10.0.2.2:8000/repo/",  // the operator's forwards: the cache on the host does not reach 10.0.2.2
            "http://203.0.113.9/debian/",  // an address, not a name
            "http://[2001:db8::1]/debian/",
            "http://localhost/debian/",
            "http://mirror.localhost/debian/",
            "http://ar$(touch x)chive/",  // nothing odd reaches the shell
            "ftp://archive.example/debian/",
        ] {
            #expect(try await choose(uri, port: cache.port) == "DIRECT", "\(uri)")
        }
    }

    @Test func aCacheThatDoesNotAnswerIsPassedBy() async throws {
        let closed = try LoopbackSocket.bind(listening: false)
        let port = closed.port
        closed.close()
        #expect(try await choose("http://archive.example/debian/", port: port) == "DIRECT")
    }

    @Test func theSetupCommandSaysWhichWayPackagesCome() {
        let command = PackageManager(named: "apt")!.cacheCommand(host: "10.0.2.2", port: 3142)
        #expect(command.contains("Acquire::http::Proxy-Auto-Detect"))
        #expect(command.contains(PackageManager.aptProxyProgram))
        // The messages are shell-quoted (host's: host'\''s), so the test looks at their apostrophe-free parts.
        #expect(command.contains("package cache (http://10.0.2.2:3142)'"))
        #expect(
            command.contains("package cache (http://10.0.2.2:3142) does not answer: packages come from the mirrors'")
        )
    }
}
