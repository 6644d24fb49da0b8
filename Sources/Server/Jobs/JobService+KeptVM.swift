import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Keeps a job's VM for SSH until the job's deadline instead of the runner's short keep, for its owner.
    public func claimKeptVM(_ id: Int64, by owner: User) async throws -> KeptVM {
        let job = try await owned(id, by: owner.name)
        guard job.status == .running, let kept = try await store.claimKeptVM(id: job.id) else {
            throw JobError(.conflict, try await noKeptVM(job.id))
        }
        await dispatcher.doorbell.ring(.progress(job.id))
        return kept
    }

    /// Why a job has no kept VM to reach, in words.
    func noKeptVM(_ id: Int64) async throws -> String {
        guard let job = try await store.job(id: id) else { return "there is no job \(id)" }
        if job.status.isFinal { return "job \(id) has ended (\(job.status.rawValue)): its VM is gone" }
        return
            "job \(id) is \(job.status.rawValue) and its VM is not kept for SSH (yet): a VM is kept after a failure or, with `shell: true`, after the tasks"
    }
}
