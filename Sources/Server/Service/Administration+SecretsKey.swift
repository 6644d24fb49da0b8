import Foundation
import HckCore
public import Store

extension Administration {
    /// Checks that `box`'s key is the one the store's secrets are sealed with, recording it at the
    /// store's first use (see `SecretBox.adopt(in:now:)`).
    public func adoptSecretsKey(_ box: SecretBox) async throws {
        try await box.adopt(in: store)
    }

    /// Re-seals every secret, and every registered repository's webhook secret and API token, sealed
    /// with `old`'s key under `new`'s, in one transaction, and records the new key's fingerprint;
    /// returns how many sealed values were re-sealed. Servers must then be restarted with the new key:
    /// one still running with the old key cannot open the secrets any more (its takes give the jobs
    /// back), and one started with it refuses to start.
    /// - Parameters:
    ///   - old: the key the secrets are sealed with now.
    ///   - new: the key to seal them with.
    public func rotateSecretsKey(from old: SecretBox, to new: SecretBox) async throws -> Int {
        guard old.fingerprint != new.fingerprint else {
            throw SecretError(.badKey, "\(old.keyFile) and \(new.keyFile) hold the same key (\(old.fingerprint))")
        }
        try await old.adopt(in: store)
        return try await store.resealSecrets(from: old.fingerprint, to: new.fingerprint, now: Date()) {
            try new.seal(try old.open($0))
        }
    }
}
