import Foundation
import Manifest

extension APIEnvironment {
    /// Mints the job's `OAUTH2_TOKEN` when its manifest sets `oauth` and the job enables secrets (the
    /// token acts for the owner, so a job trusted with no secrets gets none either). The store keeps
    /// only its hash, tied to the job, and revokes it when the job stops running.
    /// - Parameter job: a job a runner has just taken.
    /// - Returns: the token, or nil when the job gets none.
    func jobToken(for job: Job) async throws -> String? {
        guard job.secretsEnabled, let manifest = try? Manifest.parse(job.manifest, file: "manifest").manifest,
            manifest.oauth != nil
        else { return nil }
        let token = Token.generate()
        guard try await store.addJobToken(id: job.id, tokenHash: Token.hash(token)) else { return nil }
        return token
    }
}
