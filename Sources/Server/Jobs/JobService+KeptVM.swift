public import Foundation
import HckCore
import Manifest
public import Store
public import Wire

extension JobService {
    /// Keeps a job's VM for SSH until the job's deadline instead of the runner's short keep, for its owner.
    public func claimKeptVM(_ id: Int64, by owner: User) async throws -> KeptVM {
        let job = try await owned(id, by: owner.name)
        guard try await keptVM(of: job) != nil, let kept = try await store.claimKeptVM(id: job.id) else {
            throw JobError(.conflict, try await noKeptVM(job.id))
        }
        await dispatcher.changed(job.id)
        return kept
    }

    /// Where the job's VM is reached for SSH, if it can be: while the job runs, its runner's record
    /// (the gateway shows the live log, then the shell once the VM is kept); once the job ended, the
    /// kept VM's record until its keep runs out, or the job's deadline once the owner claimed it.
    /// Keeping a VM is a state of the VM, not of the job: a failed job is `failed` while its VM is kept.
    /// - Parameters:
    ///   - job: the job.
    ///   - now: the time to judge the keep by.
    public func keptVM(of job: Job, now: Date = Date()) async throws -> KeptVM? {
        guard job.status == .running || job.status.isFinal, let kept = try await store.keptVM(id: job.id) else {
            return nil
        }
        if job.status == .running { return kept }
        guard !kept.isRunning else { return nil }
        let until = kept.claimed ? job.deadline ?? kept.until : kept.until
        return until > now ? kept : nil
    }

    /// Why a job has no kept VM to reach, in words.
    func noKeptVM(_ id: Int64) async throws -> String {
        guard let job = try await store.job(id: id) else { return "there is no job \(id)" }
        if job.status.isFinal { return "job \(id) has ended (\(job.status.rawValue)): its VM is gone" }
        return
            "job \(id) is \(job.status.rawValue) and its VM is not kept for SSH (yet): a VM is kept after a failure or, with `shell: true`, after the tasks"
    }
}
