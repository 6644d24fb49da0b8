import HckCore
import Store
import Wire

/// Sends one email; the SMTP client implements it, and tests of one piece may substitute their own.
public protocol MailTransport: Sendable {
    /// Sends a message.
    /// - Parameter message: what to send.
    /// - Returns: the server's final reply (e.g. `250 OK queued`).
    func send(_ message: BuildEmail) async throws -> String
}
