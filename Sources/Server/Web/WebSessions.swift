import Foundation
import HckCore
import Store
import Wire

/// Browser sessions: a random session id (the `hck_session` cookie, HttpOnly, SameSite=Lax) that
/// stands for the API token the user signed in with.
///
/// The store keeps only the id's SHA-256 (``WebSessionStore``), so sessions survive a restart and a
/// copy of the database signs nobody in. The CSRF token every form post must carry is derived from the
/// id (a SHA-256 of it under another label): nothing more to keep, and it reveals nothing of the id.
struct WebSessions: Sendable {
    /// A live session as pages see it.
    struct Session: Sendable {
        /// The signed-in user's name.
        var user: String
        /// The token forms carry against cross-site posts.
        var csrf: String
    }

    /// The cookie's name.
    static let cookieName = "hck_session"
    /// Where sessions are kept.
    let store: any WebSessionStore
    /// How long a session lasts without use.
    var lifetime: TimeInterval = 7 * 24 * 3600
    /// How stale a session's end may get before a visit moves it (so not every page view writes).
    var renewal: TimeInterval = 3600

    /// Starts a session for the holder of the token with this hash; returns its id for the cookie.
    /// - Parameters:
    ///   - tokenHash: the hash of the API token the user signed in with.
    ///   - now: the current time.
    func open(tokenHash: String, now: Date = Date()) async throws -> String {
        let id = Token.generate()
        try await store.openWebSession(
            idHash: Token.hash(id),
            tokenHash: tokenHash,
            expiresAt: now.addingTimeInterval(lifetime),
            now: now
        )
        return id
    }

    /// The live session with this id, renewed when its end has become stale.
    /// - Parameters:
    ///   - id: the cookie's value.
    ///   - now: the current time.
    func session(_ id: String, now: Date = Date()) async throws -> Session? {
        let hash = Token.hash(id)
        guard let record = try await store.webSession(idHash: hash, now: now) else { return nil }
        let renewed = now.addingTimeInterval(lifetime)
        if renewed.timeIntervalSince(record.expiresAt) > renewal {
            try await store.renewWebSession(idHash: hash, expiresAt: renewed)
        }
        return Session(user: record.user, csrf: Self.csrf(for: id))
    }

    /// Ends a session.
    /// - Parameter id: the cookie's value.
    func close(_ id: String) async throws {
        try await store.closeWebSession(idHash: Token.hash(id))
    }

    /// The CSRF token of a session.
    static func csrf(for id: String) -> String {
        Token.hash("hck-csrf:" + id)
    }
}
