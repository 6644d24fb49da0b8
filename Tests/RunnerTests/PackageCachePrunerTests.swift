import Foundation
import Logging
import Testing

@testable import Runner

/// The package cache's size limit: which files go, on real files in a temporary folder.
@Suite struct PackageCachePrunerTests {
    private func entry(_ name: String, _ size: Int64, _ age: TimeInterval) -> PackageCachePruner.Entry {
        .init(path: name, size: size, modified: Date(timeIntervalSince1970: 1_000_000 - age))
    }

    @Test func nothingGoesWithinTheLimit() {
        let entries = [entry("a", 400, 10), entry("b", 600, 5)]
        #expect(PackageCachePruner.victims(of: entries, limit: 1000).isEmpty)
    }

    @Test func beyondTheLimitTheOldestGoDownToNinetyPercent() {
        let entries = [entry("new", 300, 1), entry("oldest", 300, 30), entry("old", 300, 20), entry("mid", 300, 10)]
        // 1200 bytes against 1000: down to 900 takes the oldest only; 1200 against 700 (630) takes two.
        #expect(PackageCachePruner.victims(of: entries, limit: 1000).map(\.path) == ["oldest"])
        #expect(PackageCachePruner.victims(of: entries, limit: 700).map(\.path) == ["oldest", "old"])
    }

    @Test func pruningDeletesTheOldestFilesWithTheirRecords() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hck-prune-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("cache/archive.example/debian/pool")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, name) in ["first.deb", "second.deb", "third.deb"].enumerated() {
            let file = folder.appendingPathComponent(name)
            try Data(repeating: 1, count: 1 << 20).write(to: file)
            try Data("HTTP/1.1 200 OK\r\n".utf8).write(to: folder.appendingPathComponent(name + ".head"))
            let written = Date(timeIntervalSinceNow: TimeInterval(-3600 * (3 - index)))
            try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: file.path)
        }
        #expect(PackageCachePruner.entries(in: root.appendingPathComponent("cache")).count == 3, "no .head counted")
        var configuration = PackageCache.Configuration(directory: root, sizeLimit: (3 << 20) / 2)
        configuration.asQEMUUser = false
        await PackageCachePruner.prune(configuration, logger: .init(label: "test"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["third.deb", "third.deb.head"], "3 MiB against 1.5 MiB: down to 1.35 MiB, the two oldest go")
    }
}
