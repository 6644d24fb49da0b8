import Crypto
public import Foundation
import HckCore

/// The server's copies of forge repositories, to read a pushed commit's manifests without cloning
/// whole histories: one bare repository per clone URL, filled by shallow fetches of single commits,
/// and pruned by age and by total size.
///
/// Work on one copy is done one call at a time (git's shallow file takes one fetch at a time);
/// copies of different repositories are fetched at once.
public actor CommitCache {
    /// How much the cache may hold and for how long.
    public struct Limits: Sendable {
        /// The size above which the least recently used copies go.
        public var maximumBytes: Int64
        /// How long a copy is kept after its last use.
        public var maximumAge: Duration
        /// How long one fetch may take.
        public var fetchTimeLimit: Duration

        /// Makes limits; the defaults keep 1 GiB for a day and give a fetch two minutes.
        public init(
            maximumBytes: Int64 = 1 << 30,
            maximumAge: Duration = .seconds(86_400),
            fetchTimeLimit: Duration = .seconds(120)
        ) {
            self.maximumBytes = maximumBytes
            self.maximumAge = maximumAge
            self.fetchTimeLimit = fetchTimeLimit
        }
    }

    /// What one pruning removed.
    public struct Pruned: Sendable, Hashable {
        /// Copies removed.
        public var repositories: Int
        /// Their bytes.
        public var bytes: Int64

        /// Makes one from its parts.
        public init(repositories: Int, bytes: Int64) {
            self.repositories = repositories
            self.bytes = bytes
        }
    }

    /// The folder holding the copies, absolute.
    public nonisolated let directory: String
    /// The limits.
    public nonisolated let limits: Limits
    /// Calls on each copy, by its folder, one at a time.
    private let calls = InTurn<String>()

    /// The file whose time says when a copy was last used.
    static let lastUsedFile = "hck-last-used"

    /// A cache in `directory` (made when missing).
    public init(directory: String, limits: Limits = Limits()) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.limits = limits
    }

    /// A repository on this machine holding `commit` of `cloneURL`, fetched (that commit alone)
    /// unless the copy has it already. The copy's folder is named `name`.git, so that sources naming
    /// the repository by name find it (``PushBuild/of(_:in:cloneURL:)``).
    /// - Parameters:
    ///   - name: the repository's name, e.g. `project` for `ada/project`.
    ///   - commit: the full id of the commit.
    ///   - cloneURL: where to fetch it from.
    /// - Throws: `GitPushError` `.fetch` when the commit cannot be fetched in time.
    public func repository(named name: String, holding commit: String, from cloneURL: String) async throws
        -> GitRepository
    {
        let path = copyPath(name: name, cloneURL: cloneURL)
        let limit = limits.fetchTimeLimit
        return try await calls.run(path) {
            let repository =
                FileManager.default.fileExists(atPath: path)
                ? try await GitRepository(path: path) : try await GitRepository.createBare(at: path)
            if try await !repository.holds(commit: commit) {
                try await repository.fetch(commit: commit, from: cloneURL, within: limit)
            }
            FileManager.default.createFile(atPath: path + "/" + Self.lastUsedFile, contents: nil)
            return repository
        }
    }

    /// One repository's copy.
    public struct Copy: Sendable, Hashable {
        /// Its git directory.
        public var path: String
        /// When it was last used (fetched into or read).
        public var lastUsed: Date
        /// The bytes it takes on disk.
        public var bytes: Int64
    }

    /// The copies the cache holds, the least recently used first.
    public func copies() -> [Copy] {
        let files = FileManager.default
        var copies: [Copy] = []
        for owner in (try? files.contentsOfDirectory(atPath: directory)) ?? [] {
            let ownerPath = directory + "/" + owner
            for copy in (try? files.contentsOfDirectory(atPath: ownerPath)) ?? [] {
                let path = ownerPath + "/" + copy
                let marker = try? files.attributesOfItem(atPath: path + "/" + Self.lastUsedFile)
                let used = marker?[.modificationDate] as? Date ?? .distantPast
                copies.append(Copy(path: path, lastUsed: used, bytes: Self.bytes(under: path)))
            }
        }
        return copies.sorted { $0.lastUsed < $1.lastUsed }
    }

    /// Removes the copies not used within ``Limits/maximumAge``, then the least recently used ones
    /// until the rest fit in ``Limits/maximumBytes``. A copy in use is left alone.
    /// - Parameter now: the time to measure ages from.
    public func prune(now: Date = Date()) async -> Pruned {
        let copies = copies()
        let maximumAge = TimeInterval(limits.maximumAge.components.seconds)
        var total = copies.reduce(0) { $0 + $1.bytes }
        var pruned = Pruned(repositories: 0, bytes: 0)
        for copy in copies {
            let tooOld = now.timeIntervalSince(copy.lastUsed) > maximumAge
            guard tooOld || total > limits.maximumBytes else { continue }
            // A copy whose last call is still running is in use.
            guard await !calls.isBusy(copy.path) else { continue }
            do {
                try FileManager.default.removeItem(atPath: copy.path)
                try? FileManager.default.removeItem(atPath: (copy.path as NSString).deletingLastPathComponent)
                total -= copy.bytes
                pruned.repositories += 1
                pruned.bytes += copy.bytes
            } catch {
                continue
            }
        }
        return pruned
    }

    /// Where the copy of `cloneURL` lives: a folder named after the URL's hash (two URLs never share
    /// one), holding `name`.git.
    func copyPath(name: String, cloneURL: String) -> String {
        let digest = SHA256.hash(data: Data(cloneURL.utf8)).prefix(12).lowercaseHex
        let safeName = PushBuild.tag(name)
        return "\(directory)/\(digest)/\(safeName).git"
    }

    /// The bytes of the files under `path`.
    static func bytes(under path: String) -> Int64 {
        let url = URL(fileURLWithPath: path)
        guard
            let walk = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileAllocatedSizeKey])
        else { return 0 }
        var total: Int64 = 0
        for case let file as URL in walk {
            total += Int64((try? file.resourceValues(forKeys: [.fileAllocatedSizeKey]).fileAllocatedSize) ?? 0)
        }
        return total
    }
}
