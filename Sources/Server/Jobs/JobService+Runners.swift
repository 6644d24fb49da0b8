public import Foundation
import Manifest
import Store
public import Wire

extension JobService {
    /// Every registered runner as operators see it (the API, the /runners page and `hck runners`):
    /// what it offers, the jobs it runs, and whether it is lost, not heard from for two leases.
    /// - Parameter now: the current time.
    public func runnerViews(now: Date = Date()) async throws -> [RunnerView] {
        let running = try await store.runningJobsByRunner()
        let lostAfter = 2 * dispatcher.leaseDuration.inSeconds
        return try await store.runners().map { record in
            let heard = record.lastHeardAt ?? .distantPast
            return RunnerView(
                name: record.name,
                arches: record.capacity.arches,
                images: record.capacity.images,
                slots: record.capacity.slots,
                runningJobs: running[record.name] ?? [],
                lastHeardAt: heard,
                version: record.capacity.version,
                kvm: record.capacity.kvm,
                guestsIsolated: record.capacity.guestsIsolated,
                lost: now.timeIntervalSince(heard) > lostAfter
            )
        }
    }
}
