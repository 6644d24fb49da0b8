import Foundation
import HckCore
import Logging
import Manifest
import Testing

@testable import Runner

/// A job's `packages:` through the host's package cache on a real VM (TCG), then the same job
/// with the cache down: the first fetches the lists and the `.deb` through apt-cacher-ng, which
/// keeps them; the second falls back to the mirrors and says so in its setup log. Needs the image
/// in $HCK_IMAGE_DIR, libvirtd, nftables and apt-cacher-ng.
@Suite(.serialized) struct PackageCacheVMTests {
    private let manifest = """
        image: debian/bookworm
        packages: [hello]
        tasks:
          - hello: hello
          - proxy: |
              /usr/local/sbin/hck-apt-proxy http://archive.invalid/debian
              /usr/local/sbin/hck-apt-proxy https://archive.invalid/debian
        """

    private func run(_ bed: VMTestBed, forward: GuestForward) async throws -> (JobOutcome, Int64) {
        let id = Int64.random(in: 100_000..<999_999)
        let events = try bed.logs(id)
        let outcome = try await GuestIsolation.whileInstalled(forwards: [forward]) {
            await bed.runner.run(
                JobRequest(id: id, manifest: try bed.manifest(manifest), url: "http://127.0.0.1/jobs/\(id)"),
                events: events
            )
        }
        return (outcome, id)
    }

    @Test func packagesComeThroughTheCacheAndFromTheMirrorsWhenItIsDown() async throws {
        let port = await PackageCacheTests.freePort()
        let root = URL(fileURLWithPath: "/var/tmp/hck-package-cache-vm-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let configuration = PackageCache.Configuration(port: port, directory: root)
        let forward = try await PackageCache.whileServing(configuration, logger: Logger(label: "test")) { cache in
            let cache = try #require(cache, "the cache starts")
            let bed = try await VMTestBed.make { $0.packageCache = cache.forward }
            defer { bed.remove() }
            let (outcome, id) = try await run(bed, forward: cache.forward)
            let setup = try bed.log(id, task: nil)
            #expect(outcome.status == .success, "the setup log:\n\(setup)")
            #expect(
                setup.contains(
                    "hck: package archives come through the runner host's package cache (http://10.0.2.2:\(port))"
                )
            )
            #expect(try bed.log(id, task: "hello").contains("Hello, world!"))
            let proxy = try bed.log(id, task: "proxy")
            let lines = proxy.split(separator: "\n")
            #expect(lines.contains("http://10.0.2.2:\(port)") && lines.contains("DIRECT"), "\(proxy)")
            let cached = PackageCachePruner.entries(in: root.appendingPathComponent("cache")).map(\.path)
            #expect(
                cached.contains { $0.contains("/pool/") && $0.hasSuffix(".deb") && $0.contains("/hello_") },
                "\(cached)"
            )
            #expect(cached.contains { $0.contains("/dists/bookworm/") }, "the package lists are kept too")
            return cache.forward
        }

        // The cache is gone; the guest may still reach its port, where nothing answers now.
        let bed = try await VMTestBed.make { $0.packageCache = forward }
        defer { bed.remove() }
        let (outcome, id) = try await run(bed, forward: forward)
        let setup = try bed.log(id, task: nil)
        #expect(outcome.status == .success, "apt falls back to the mirrors; the setup log:\n\(setup)")
        #expect(
            setup.contains(
                "hck: the runner host's package cache (http://10.0.2.2:\(port)) does not answer: packages come from the mirrors"
            )
        )
        #expect(try bed.log(id, task: "hello").contains("Hello, world!"))
        let lines = try bed.log(id, task: "proxy").split(separator: "\n")
        #expect(lines.filter { $0 == "DIRECT" }.count == 2, "\(lines)")
    }
}
