public import Foundation
import Wire

/// Where browser sessions live, so that a server restart signs nobody out. Only the SHA-256 of a
/// session's id is kept: someone who reads the database cannot present it as a cookie. A session
/// belongs to the API token it was opened with, so revoking that token (or removing the user) ends it.
public protocol WebSessionStore: Sendable {
    /// Records a new session, and forgets the expired ones.
    /// - Parameters:
    ///   - idHash: the hex SHA-256 of the session id (the cookie's value).
    ///   - tokenHash: the hex SHA-256 of the API token the user signed in with.
    ///   - expiresAt: when it ends unless renewed.
    ///   - now: the current time, for forgetting expired sessions.
    func openWebSession(idHash: String, tokenHash: String, expiresAt: Date, now: Date) async throws
    /// The session with this id hash if it has not expired (and its token still exists).
    /// - Parameters:
    ///   - idHash: the hex SHA-256 of the session id.
    ///   - now: the current time.
    func webSession(idHash: String, now: Date) async throws -> WebSessionRecord?
    /// Moves a session's end.
    /// - Parameters:
    ///   - idHash: the hex SHA-256 of the session id.
    ///   - expiresAt: the new end.
    func renewWebSession(idHash: String, expiresAt: Date) async throws
    /// Ends a session.
    /// - Parameter idHash: the hex SHA-256 of the session id.
    func closeWebSession(idHash: String) async throws
}

/// A browser session as the store keeps it.
public struct WebSessionRecord: Sendable, Hashable {
    /// The signed-in user's name.
    public var user: String
    /// When it ends unless renewed.
    public var expiresAt: Date

    /// Creates a record.
    /// - Parameters:
    ///   - user: the user's name.
    ///   - expiresAt: when it ends.
    public init(user: String, expiresAt: Date) {
        self.user = user
        self.expiresAt = expiresAt
    }
}
