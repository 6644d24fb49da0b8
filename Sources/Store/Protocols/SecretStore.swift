public import Foundation
import HckCore
import Manifest
import Wire

/// Users' secrets, sealed, and the fingerprint of the key that seals them all.
public protocol SecretStore: Sendable {
    /// Stores a (sealed) secret.
    /// - Parameter secret: the secret.
    func addSecret(_ secret: Secret) async throws
    /// A user's secrets.
    /// - Parameter owner: the user's name.
    func secrets(owner: String) async throws -> [Secret]
    /// The fingerprint of the key the store's secrets are sealed with, if one was recorded.
    func secretsKeyFingerprint() async throws -> String?
    /// The fingerprint of the key the store's secrets are sealed with. The first server to ask
    /// records its own key's `fingerprint`; later ones are told the recorded one, to refuse to start
    /// with another key (see `SecretBox.adopt(in:)`).
    /// - Parameters:
    ///   - fingerprint: the asking server's key's fingerprint.
    ///   - now: the current time.
    func recordSecretsKey(fingerprint: String, now: Date) async throws -> String
    /// One sealed value among the store's secrets (or, when it has none, among its repositories'
    /// webhook secrets), if it has any: for checking, on the first record of a key, that the key opens
    /// the values sealed before fingerprints were.
    func anySealedSecret() async throws -> Data?
    /// Re-seals every secret, and every registered repository's webhook secret and API token, in one
    /// transaction with `reseal` (which opens a value with the old key
    /// and seals it with the new one), and records `newFingerprint`. Fails without changing anything
    /// when the recorded fingerprint is not `oldFingerprint` (``StoreError`` `conflict`), or `reseal`
    /// fails (its error, which a PostgreSQL store reports inside a ``StoreError``). Returns how many
    /// sealed values were re-sealed.
    /// - Parameters:
    ///   - oldFingerprint: the key the secrets are sealed with now.
    ///   - newFingerprint: the key they will be sealed with.
    ///   - now: the current time.
    ///   - reseal: old sealed value to new.
    func resealSecrets(
        from oldFingerprint: String,
        to newFingerprint: String,
        now: Date,
        _ reseal: @escaping @Sendable (Data) throws -> Data
    ) async throws -> Int
}

extension SecretStore {
    /// The query for ``anySealedSecret()``, the same in both stores' SQL: a secret's sealed value, or
    /// else a repository's sealed webhook secret.
    static var anySealedValue: String {
        """
        SELECT COALESCE((SELECT sealed FROM secrets LIMIT 1), (SELECT sealed_secret FROM repositories LIMIT 1))
        """
    }

    /// Fails, saying which keys, when the recorded fingerprint is another than `expected` (none
    /// recorded is fine: a store from before fingerprints, whose secrets `reseal` checks one by one).
    static func checkRecorded(_ recorded: String?, is expected: String) throws {
        if let recorded, recorded != expected {
            throw StoreError(
                .conflict,
                "the store's secrets are sealed with the key \(recorded), not with \(expected) (was it rotated meanwhile?)"
            )
        }
    }
}
