import Foundation
import Logging
import ServiceLifecycle
import Wire

/// The capacity a node last registered, shared by its slots (which register it again when the server
/// forgot it) and its image watch (which registers anew when the built images change).
actor RegisteredCapacity {
    /// What the server was last told.
    private(set) var current: RunnerCapacity

    init(_ capacity: RunnerCapacity) {
        current = capacity
    }

    /// Records what was registered.
    func registered(_ capacity: RunnerCapacity) {
        current = capacity
    }
}

extension RunnerNode {
    /// Looks at the built images every ``Configuration/imageRescanInterval`` and registers again when
    /// what the node offers changed (an image built or removed while it runs), until shutdown: the
    /// server hands a node only jobs for the images it registered.
    func watchImages(registered: RegisteredCapacity) async throws {
        while true {
            let interval = configuration.imageRescanInterval
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isCancelled || Task.isShuttingDownGracefully { return }
            let old = await registered.current
            let offered = offeredCapacity(kvm: old.kvm)
            guard offered.images != old.images || offered.arches != old.arches else { continue }
            logger.notice(
                "the built images changed (now \(offered.images.joined(separator: ", ")) on \(offered.arches.joined(separator: ", "))); registering again"
            )
            try await register(offered)
            await registered.registered(offered)
        }
    }
}
