import Foundation

extension LibvirtDriver {
    /// Destroys what crashed or killed processes using the same ``overlayRoot`` left behind: for
    /// every job with a folder or a lock file there whose ``OwnerLock`` nobody holds, its running
    /// `hck-job-*` domain, its folder and its lock file. A VM whose lock a live process holds
    /// (another `hck run`, this process's own jobs) is left alone and listed in
    /// ``Leftovers/inUse``; so are domains of other overlay roots on the same host.
    public func removeLeftovers() async throws -> Leftovers {
        let fileManager = FileManager.default
        let entries = (try? fileManager.contentsOfDirectory(atPath: overlayRoot.path)) ?? []
        let names = Set(entries.compactMap { OwnerLock.domain(ofLockFile: $0) ?? DomainName(parsing: $0) })
        var leftovers = Leftovers()
        let running = Set(try await connection.domainNames())
        for name in names.sorted(by: { $0.description < $1.description }) {
            guard let lock = try OwnerLock.acquire(OwnerLock.file(for: name, in: overlayRoot)) else {
                leftovers.inUse.append(name.description)
                continue
            }
            if running.contains(name.description), try await connection.destroyDomain(named: name.description) {
                leftovers.domains.append(name.description)
            }
            let folder = overlayRoot.appendingPathComponent(name.description)
            if fileManager.fileExists(atPath: folder.path) {
                try fileManager.removeItem(at: folder)
                leftovers.overlays.append(folder.path)
            }
            lock.release()
        }
        return leftovers
    }
}
