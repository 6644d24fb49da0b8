public import Foundation
import Wire

/// A token that no longer authenticates anyone, kept so that a refusal can say why.
public struct RevokedToken: Sendable, Hashable, Codable {
    /// Whose token it was.
    public var userName: String
    /// Why it was revoked (an administrator's words, or the job whose token it was ended).
    public var reason: String
    /// When.
    public var revokedAt: Date

    /// Creates a record.
    /// - Parameters:
    ///   - userName: whose token it was.
    ///   - reason: why it was revoked.
    ///   - revokedAt: when.
    public init(userName: String, reason: String, revokedAt: Date) {
        self.userName = userName
        self.reason = reason
        self.revokedAt = revokedAt
    }
}
