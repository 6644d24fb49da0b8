import Foundation

/// Browser sessions: a random session id (the `hck_session` cookie, HttpOnly, SameSite=Lax) mapped to
/// a user and a CSRF token that every form post must carry.
///
/// Sessions live in memory: a server restart signs everyone out, which costs a sign-in and never
/// leaves a stolen session valid longer than the process.
actor WebSessions {
    struct Session: Sendable {
        var user: String
        var csrf: String
        var expires: Date
    }

    /// The cookie's name.
    static let cookieName = "hck_session"
    /// How long a session lasts without use.
    let lifetime: TimeInterval
    private var sessions: [String: Session] = [:]

    init(lifetime: TimeInterval = 7 * 24 * 3600) {
        self.lifetime = lifetime
    }

    /// Starts a session for `user`; returns its id for the cookie.
    func open(user: String, now: Date = Date()) -> String {
        sessions = sessions.filter { $0.value.expires > now }
        let id = Token.generate()
        sessions[id] = Session(user: user, csrf: Token.generate(), expires: now.addingTimeInterval(lifetime))
        return id
    }

    /// The live session with this id, renewed.
    func session(_ id: String, now: Date = Date()) -> Session? {
        guard var session = sessions[id], session.expires > now else {
            sessions[id] = nil
            return nil
        }
        session.expires = now.addingTimeInterval(lifetime)
        sessions[id] = session
        return session
    }

    /// Ends a session.
    func close(_ id: String) {
        sessions[id] = nil
    }
}
