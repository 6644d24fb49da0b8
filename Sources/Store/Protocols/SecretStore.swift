import Foundation
import Manifest
import Wire

/// Users' secrets, sealed.
public protocol SecretStore: Sendable {
    /// Stores a (sealed) secret.
    /// - Parameter secret: the secret.
    func addSecret(_ secret: Secret) async throws
    /// A user's secrets.
    /// - Parameter owner: the user's name.
    func secrets(owner: String) async throws -> [Secret]
}
