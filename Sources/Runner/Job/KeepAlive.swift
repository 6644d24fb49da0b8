/// How to reach a kept VM: what a user's `ssh` needs.
public struct GuestAccess: Sendable {
    /// The port on 127.0.0.1 forwarded to the guest's SSH.
    public var port: Int
    /// The user to log in as.
    public var user: String
    /// The job's key (its private half logs in).
    public var key: JobKey
    /// The guest's host key line, as its console printed it.
    public var hostKey: String
    /// The guest's connection, still open.
    public var connection: GuestConnection
}

/// The point in a job's lifecycle where a VM is kept for SSH access: after the tasks for
/// `shell: true` (and `hck run --keep`), and after a failure for a look around.
///
/// The runner calls ``keepAlive(_:for:reason:)`` and destroys the VM when it returns, when the
/// job's deadline passes, or when the job is cancelled, whichever comes first. An SSH gateway
/// (a later issue) implements this to end early when the last session closes.
public protocol KeepAliveHook: Sendable {
    /// Holds the VM; returns when it may go.
    /// - Parameters:
    ///   - access: how to reach the guest.
    ///   - duration: the longest it may be kept.
    ///   - reason: why it is kept, for the log.
    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws
}

/// Keeps the VM for the whole duration.
public struct TimedKeepAlive: KeepAliveHook {
    /// Creates the hook.
    public init() {}

    public func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        try await Task.sleep(for: duration)
    }
}
