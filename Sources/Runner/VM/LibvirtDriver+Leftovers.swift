import Foundation

extension LibvirtDriver {
    /// Destroys what a crashed runner using the same ``overlayRoot`` left behind: every running
    /// `hck-job-*` domain whose job folder is under ``overlayRoot``, then every such folder.
    /// Domains of other runners (other overlay roots) on the same host are left alone. Call it
    /// only when this runner has no job running.
    public func removeLeftovers() async throws -> Leftovers {
        let fileManager = FileManager.default
        let folders = ((try? fileManager.contentsOfDirectory(atPath: overlayRoot.path)) ?? [])
            .filter { DomainName(parsing: $0) != nil }.sorted()
        var leftovers = Leftovers()
        let running = Set(try await connection.domainNames())
        for name in folders where running.contains(name) {
            if try await connection.destroyDomain(named: name) { leftovers.domains.append(name) }
        }
        for name in folders {
            let folder = overlayRoot.appendingPathComponent(name)
            try fileManager.removeItem(at: folder)
            leftovers.overlays.append(folder.path)
        }
        return leftovers
    }
}
