import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Manifest
import Store
import Wire

extension APIEnvironment {
    /// The SSH side of jobs: runners report kept VMs and ask who may enter; owners find and claim them.
    func addSSHAccessRoutes(to router: Router<APIRequestContext>) {
        router.on(.decideAccess) { request, context -> AccessDecision in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            let line = try await request.decode(as: SSHKeyRequest.self, context: context).key
            return try await decideAccess(job: id, key: line, runner: me.name)
        }
        router.on(.announceKept) { request, context -> HTTPResponse.Status in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            try await jobs.held(id, by: me.name)
            try await store.setKeptVM(id: id, try await request.decode(as: KeptVM.self, context: context))
            await dispatcher.changed(id)
            return .noContent
        }
        router.on(.withdrawKept) { _, context -> HTTPResponse.Status in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            try await jobs.ran(id, by: me.name)
            try await store.setKeptVM(id: id, nil)
            await dispatcher.changed(id)
            return .noContent
        }
        router.on(.awaitClaim) { request, context -> ClaimState in
            let me = try context.requireRunner()
            let id = try context.parameters.id()
            try await jobs.ran(id, by: me.name)
            let wait = try request.seconds(absent: 0, in: 0...60)
            return ClaimState(claimed: try await keptVM(id, wait: wait) { $0.claimed }?.claimed ?? false)
        }
        router.on(.jobSSH) { request, context -> KeptVM in
            let job = try await self.jobs.owned(
                context.parameters.id(),
                by: context.requireUser(.account).name
            )
            let wait = try request.seconds(absent: 0, in: 0...300)
            guard let kept = try await keptVM(job.id, wait: wait, until: { _ in true }) else {
                throw APIError(.notFound, try await jobs.noKeptVM(job.id))
            }
            return kept
        }
        router.on(.claimJob) { _, context -> KeptVM in
            try await jobs.claimKeptVM(
                context.parameters.id(),
                by: context.requireUser(.account)
            )
        }
    }

    /// The job's VM record once `until` holds for it (``JobService/keptVM(of:now:)``), waiting up to
    /// `wait` seconds; nil when the job ended with no VM kept or the wait runs out first.
    private func keptVM(_ id: Int64, wait: Duration, until: (KeptVM) -> Bool) async throws -> KeptVM? {
        let giveUp = ContinuousClock.now.advanced(by: wait)
        while true {
            let seen = await dispatcher.doorbell.generation(of: .progress(id))
            guard let job = try await store.job(id: id) else { return nil }
            let kept = try await jobs.keptVM(of: job)
            if let kept, until(kept) { return kept }
            if job.status.isFinal, kept == nil { return nil }
            let left = ContinuousClock.now.duration(to: giveUp)
            guard left > .zero else { return nil }
            await dispatcher.doorbell.wait(for: .progress(id), after: seen, timeout: left)
        }
    }

    /// Whether the owner of `key` may enter job `id`'s VM on runner `runner`, and if not why.
    func decideAccess(job id: Int64, key line: String, runner: String) async throws -> AccessDecision {
        guard let key = try? SSHPublicKey(parsing: line) else {
            return .refused("hck cannot read the key you offered; register an Ed25519 or ECDSA key with `hck key add`")
        }
        guard let registered = try await store.sshKey(fingerprint: key.fingerprint) else {
            return .refused(
                "your key \(key.fingerprint) is not registered with hck: add it with `hck key add FILE.pub`"
            )
        }
        let user = registered.owner
        guard let job = try await store.job(id: id) else { return .refused("there is no job \(id)", user: user) }
        guard job.owner == user else {
            return .refused(
                "job \(id) is not yours (your key belongs to ~\(user)): only its owner may connect",
                user: user
            )
        }
        let kept = try await jobs.keptVM(of: job)
        guard !job.status.isFinal || kept != nil else {
            return .refused("job \(id) has ended (\(job.status.rawValue)): its VM is gone", user: user)
        }
        guard (try? await jobs.ran(id, by: runner)) != nil else {
            return .refused("job \(id) is \(job.status.rawValue) and not on this runner", user: user)
        }
        return AccessDecision(allowed: true, user: user, claimed: kept?.claimed ?? false)
    }
}
