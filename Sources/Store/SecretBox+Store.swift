public import Foundation
import HckCore

extension SecretBox {
    /// Checks that this key is the one the store's secrets are sealed with, recording its fingerprint
    /// when the store has none yet (its first use; then any secret stored before must open with it).
    /// Servers sharing a database must share the key: one started with another refuses to start here,
    /// instead of handing runners jobs whose secrets it cannot open.
    /// - Throws: ``SecretError`` `otherKey`, naming both fingerprints.
    public func adopt(in store: any SecretStore, now: Date = Date()) async throws {
        var recorded = try await store.secretsKeyFingerprint()
        if recorded == nil {
            // Secrets stored before fingerprints were recorded tell which key they need.
            if let sealed = try await store.anySealedSecret(), (try? open(sealed)) == nil {
                throw SecretError(
                    .otherKey,
                    "the store's secrets do not open with the key in \(keyFile) (\(fingerprint)), and the store "
                        + "recorded no key yet: start the server with the key they were sealed with"
                )
            }
            recorded = try await store.recordSecretsKey(fingerprint: fingerprint, now: now)
        }
        guard recorded == fingerprint else {
            throw SecretError(
                .otherKey,
                "the secrets key in \(keyFile) has the fingerprint \(fingerprint), but this store's secrets are "
                    + "sealed with the key \(recorded ?? "?"): start every server sharing the store with the same "
                    + "--secrets-key-file (or move the secrets to a new key with `hck admin secrets-key rotate`)"
            )
        }
    }
}
