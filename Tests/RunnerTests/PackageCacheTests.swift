import Foundation
import HckCore
import Images
import Logging
import Testing

@testable import Runner

/// The host's package cache on the real apt-cacher-ng, with the real isolation table: it caches
/// what it fetches from the host's Debian mirror, reaches nothing a guest may not (it runs as
/// QEMU's user), is shared by a second runner, and stops with the runner that started it.
/// Needs root, nftables and apt-cacher-ng (`make deps`).
@Suite(.serialized) struct PackageCacheTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let logger = Logger(label: "test.package-cache")

    /// A port below 32768 (apt-cacher-ng listens on no higher one) where nothing answers.
    static func freePort() async -> Int {
        while true {
            let port = Int.random(in: 20_000..<32_768)
            if await !PackageCacheServer.answers(port: port) { return port }
        }
    }

    /// `curl` through the proxy at `port`: the status and the body.
    private func fetch(_ url: String, proxy port: Int?) async throws -> (status: Int, body: String) {
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("hck-fetch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: body) }
        let proxy = port.map { ["-x", "http://127.0.0.1:\($0)"] } ?? []
        let (_, output) = try await ChildProcess.output(
            "/usr/bin/curl",
            ["-s", "-m", "60", "-o", body.path, "-w", "%{http_code}"] + proxy + [url]
        )
        return (
            Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
            (try? String(contentsOf: body, encoding: .utf8)) ?? ""
        )
    }

    @Test func theCacheKeepsWhatItFetchesAndReachesNoMoreThanAGuest() async throws {
        let mirror = try await runTool(
            "/bin/bash",
            [Self.repository.appendingPathComponent("images/debian/mirror.sh").path]
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
        let root = URL(fileURLWithPath: "/var/tmp/hck-package-cache-test-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        // A service on this host's loopback that a guest must not reach, on the one port the cache fetches from.
        let secret = "hck-host-only-\(UUID().uuidString)"
        let site = root.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        // A path apt-cacher-ng fetches (a package file; others it refuses with 403 whoever asks).
        let secretPath = "debian/pool/main/h/hck/secret_1.0_all.deb"
        try FileManager.default.createDirectory(
            at: site.appendingPathComponent(secretPath).deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        try Data(secret.utf8).write(to: site.appendingPathComponent(secretPath))
        let secretURL = "http://127.0.0.3/\(secretPath)"
        let hostService = try await SpawnedProcess.start(
            "/usr/bin/python3",
            ["-m", "http.server", "80", "--bind", "127.0.0.3", "--directory", site.path]
        )
        defer { hostService.signal(SIGKILL) }
        var answered = false
        for _ in 0..<100 where !answered {
            answered = try await fetch(secretURL, proxy: nil).body == secret
            if !answered { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(answered, "the host's own service answers this host")

        let configuration = PackageCache.Configuration(
            port: await Self.freePort(),
            directory: root.appendingPathComponent("cache")
        )
        let port = configuration.port
        let release = "\(mirror)/dists/bookworm/Release"
        try await PackageCache.whileServing(configuration, logger: logger) { cache in
            let cache = try #require(cache, "the cache starts")
            #expect(cache.startedHere)
            #expect(cache.forward.guestAddress == "10.0.2.2:\(port)")
            try await GuestIsolation.whileInstalled(forwards: [cache.forward]) {
                let first = try await fetch(release, proxy: port)
                let second = try await fetch(release, proxy: port)
                #expect(first.status == 200 && first.body.contains("Codename: bookworm"), "\(first.status)")
                #expect(second.status == 200 && second.body == first.body)
                let host = try #require(URL(string: mirror)?.host)
                let path = URL(string: mirror)!.path
                let cached = configuration.directory.appendingPathComponent(
                    "cache/\(host)\(path)/dists/bookworm/Release"
                )
                #expect(FileManager.default.fileExists(atPath: cached.path), "kept at \(cached.path)")
                let owner = try FileManager.default.attributesOfItem(atPath: cached.path)[.ownerAccountID] as? UInt32
                #expect(owner == (try QEMUUser.configured()).uid, "written by QEMU's user, as which the cache runs")

                let refused = try await fetch(secretURL, proxy: port)
                #expect(!refused.body.contains(secret), "the cache reaches no service of this host: \(refused.status)")
                #expect(refused.status != 200)

                // A second runner of this host finds the cache served and uses it.
                try await PackageCache.whileServing(configuration, logger: logger) { other in
                    #expect(other?.startedHere == false)
                    let shared = try await fetch(release, proxy: port)
                    #expect(shared.status == 200)
                }
                #expect(await PackageCacheServer.answers(port: port), "the second runner's end leaves the cache up")
            }
        }
        #expect(!(await PackageCacheServer.answers(port: port)), "the cache stops with the runner that started it")

        // The control: the same cache run as this process's user (a runner with
        // --no-guest-isolation) does fetch the host's service, so the refusal above is the
        // isolation's; and an isolated runner then does not use that cache.
        var unisolated = PackageCache.Configuration(
            port: await Self.freePort(),
            directory: root.appendingPathComponent("unisolated")
        )
        unisolated.asQEMUUser = false
        try await PackageCache.whileServing(unisolated, logger: logger) { cache in
            #expect(cache?.startedHere == true)
            let reached = try await fetch(secretURL, proxy: unisolated.port)
            #expect(reached.body == secret, "apt-cacher-ng fetches such a path: \(reached.status)")
            var isolated = unisolated
            isolated.asQEMUUser = true
            let joined = try await PackageCache.whileServing(isolated, logger: logger) { $0 != nil }
            #expect(!joined, "an isolated runner does not use a cache that runs as another user than QEMU's")
        }
    }

    @Test func aPortTakenByAnotherProgramMeansNoCache() async throws {
        let root = URL(fileURLWithPath: "/var/tmp/hck-package-cache-test-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        // Another program on a port apt-cacher-ng could listen on.
        let port = await Self.freePort()
        let other = try await SpawnedProcess.start(
            "/usr/bin/python3",
            ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", "/tmp"]
        )
        defer { other.signal(SIGKILL) }
        for _ in 0..<100 where !(await PackageCacheServer.answers(port: port)) {
            try await Task.sleep(for: .milliseconds(100))
        }
        var configuration = PackageCache.Configuration(port: port, directory: root)
        configuration.asQEMUUser = false
        do {
            _ = try await PackageCacheServer.start(configuration, user: nil, logger: logger)
            Issue.record("a port taken by a program hck did not start is used")
        } catch {
            #expect(error.code == .port, "\(error)")
            #expect(error.message.contains("taken by a program that hck did not start"), "\(error)")
        }
        let started = try await PackageCache.whileServing(configuration, logger: logger) { $0 != nil }
        #expect(!started, "a cache hck did not start is not trusted")
        var missing = PackageCache.Configuration(port: await Self.freePort(), directory: root)
        missing.program = "/nonexistent/apt-cacher-ng"
        #expect(try await PackageCache.whileServing(missing, logger: logger) { $0 } == nil)
    }
}
