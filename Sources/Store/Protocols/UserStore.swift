public import Foundation
import Manifest
import Wire

/// Users, their tokens (user, runner and job tokens) and revocations.
public protocol UserStore: Sendable {
    /// Creates a user (or runner identity) and stores the SHA-256 hash of its first token.
    /// - Parameters:
    ///   - name: unique name.
    ///   - role: user or runner.
    ///   - tokenHash: hex SHA-256 of the token.
    func createUser(name: String, role: User.Role, tokenHash: String) async throws -> User
    /// Adds a token to an existing user.
    /// - Parameters:
    ///   - userName: the user.
    ///   - tokenHash: hex SHA-256 of the token.
    func addToken(userName: String, tokenHash: String) async throws
    /// The user a token hash belongs to, if any.
    /// - Parameter tokenHash: hex SHA-256 of the presented token.
    func user(tokenHash: String) async throws -> User?
    /// A user by name.
    /// - Parameter name: the user's name.
    func user(named name: String) async throws -> User?
    /// Adds a token that acts for a running job's owner until the job ends or is queued again (the
    /// job's `OAUTH2_TOKEN`); false when the job is not running.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - tokenHash: hex SHA-256 of the token.
    func addJobToken(id: Int64, tokenHash: String) async throws -> Bool
    /// Revokes one token; returns the name of the user it belonged to, or nil when no live token has this hash.
    /// - Parameters:
    ///   - hash: hex SHA-256 of the token.
    ///   - reason: why, shown to whoever presents it later.
    ///   - now: the current time.
    func revokeToken(hash: String, reason: String, now: Date) async throws -> String?
    /// Revokes every token of a user or runner (job tokens included); returns how many. Throws
    /// `StoreError.notFound` when there is no such user.
    /// - Parameters:
    ///   - userName: the user's name.
    ///   - reason: why.
    ///   - now: the current time.
    func revokeTokens(userName: String, reason: String, now: Date) async throws -> Int
    /// A revoked token's record, so a refusal can say it was revoked rather than unknown.
    /// - Parameter hash: hex SHA-256 of the presented token.
    func revokedToken(hash: String) async throws -> RevokedToken?
}
