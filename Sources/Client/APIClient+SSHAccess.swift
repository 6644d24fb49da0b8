import Foundation
import HckCore
public import Wire

/// The SSH side of jobs: what a runner's gateway asks and reports, and what `hck ssh` asks.
extension APIClient {
    /// Asks whether the owner of `key` may enter job `id`'s VM on this runner.
    /// - Parameters:
    ///   - id: the job.
    ///   - key: the public key line the user offered.
    public func access(_ id: Int64, key: String) async throws -> AccessDecision {
        try await call(APIRoute.decideAccess.request(id), body: SSHKeyRequest(key: key), as: AccessDecision.self)
    }

    /// Reports where the job's kept VM can be reached (nil: it is gone).
    /// - Parameters:
    ///   - id: the job.
    ///   - kept: the gateway's endpoint and until when.
    public func reportKeptVM(_ id: Int64, _ kept: KeptVM?) async throws {
        let answer =
            if let kept {
                try await exchange(APIRoute.announceKept.request(id), body: try JSONEncoder.api.encode(kept))
            } else {
                try await exchange(APIRoute.withdrawKept.request(id))
            }
        try ClientError.check(answer.status, answer.body)
    }

    /// Waits up to `wait` seconds for the owner to claim the kept VM; whether it is claimed.
    /// - Parameters:
    ///   - id: the job.
    ///   - wait: the longest wait in seconds (the server caps it at 60).
    public func waitForClaim(_ id: Int64, wait: Double) async throws -> Bool {
        try await call(APIRoute.awaitClaim.request(id, query: ["wait": "\(wait)"]), as: ClaimState.self).claimed
    }

    /// Where the job's kept VM is reached, waiting up to `wait` seconds for the runner to keep it.
    /// - Parameters:
    ///   - id: the job.
    ///   - wait: the longest wait in seconds.
    public func keptVM(_ id: Int64, wait: Double = 0) async throws -> KeptVM {
        try await call(APIRoute.jobSSH.request(id, query: ["wait": "\(wait)"]), as: KeptVM.self)
    }

    /// Keeps the job's VM until the job's deadline. - Parameter id: the job.
    public func claimKeptVM(_ id: Int64) async throws -> KeptVM {
        try await call(APIRoute.claimJob.request(id), as: KeptVM.self)
    }
}
