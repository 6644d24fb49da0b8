import Foundation
import Logging

/// Keeps the package cache's files within their size limit: beyond it, the files fetched longest
/// ago go first (a `.deb` never changes once fetched, and a package list is fetched again when it
/// changed), each with its `.head` (apt-cacher-ng's record of the response), down to 90% of the
/// limit so that pruning does not run again at the next file.
enum PackageCachePruner {
    /// One cached file: its path, size and when it was written.
    struct Entry: Sendable, Equatable {
        var path: String
        var size: Int64
        var modified: Date
    }

    /// The entries to delete so that the rest take at most 90% of `limit`, oldest first; none when
    /// all of them fit within `limit`.
    static func victims(of entries: [Entry], limit: Int64) -> [Entry] {
        var total = entries.reduce(Int64(0)) { $0 + $1.size }
        guard total > limit else { return [] }
        let target = limit / 10 * 9
        var chosen: [Entry] = []
        for entry in entries.sorted(by: { ($0.modified, $0.path) < ($1.modified, $1.path) }) {
            guard total > target else { break }
            chosen.append(entry)
            total -= entry.size
        }
        return chosen
    }

    /// Deletes what ``victims(of:limit:)`` chooses in the cache's folder, and logs what it freed.
    static func prune(_ configuration: PackageCache.Configuration, logger: Logger) async {
        let folder = PackageCacheFolder(configuration.directory)
        let entries = self.entries(in: folder.cache)
        let chosen = victims(of: entries, limit: configuration.sizeLimit)
        guard !chosen.isEmpty else { return }
        var freed: Int64 = 0
        for entry in chosen {
            try? FileManager.default.removeItem(atPath: entry.path)
            try? FileManager.default.removeItem(atPath: entry.path + ".head")
            freed += entry.size
        }
        logger.info(
            "package cache: deleted \(chosen.count) files fetched longest ago (\(freed >> 20) MiB) to stay within \(configuration.sizeLimit >> 20) MiB"
        )
    }

    /// Prunes every five minutes until cancelled (a guest may fetch fast under KVM).
    static func pruneEveryFewMinutes(_ configuration: PackageCache.Configuration, logger: Logger) async {
        while (try? await Task.sleep(for: .seconds(300))) != nil {
            await prune(configuration, logger: logger)
        }
    }

    /// The cached files under `folder` (not their `.head` records, which go with them).
    static func entries(in folder: URL) -> [Entry] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: keys) else {
            return []
        }
        var entries: [Entry] = []
        for case let url as URL in walker where url.pathExtension != "head" {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else {
                continue
            }
            entries.append(
                Entry(
                    path: url.path,
                    size: Int64(values.fileSize ?? 0),
                    modified: values.contentModificationDate ?? .distantPast
                )
            )
        }
        return entries
    }
}
