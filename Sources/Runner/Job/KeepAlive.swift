public import Foundation
import ServiceLifecycle

/// How to reach a kept VM: what a user's `ssh` (or the SSH gateway) needs.
public struct GuestAccess: Sendable {
    /// The job's id.
    public var job: Int64
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
    /// Where the job's log goes (the gateway records each SSH session there).
    public var events: any JobEvents
    /// Whether the VM may go as soon as the last SSH session ends (`shell: true` after its tasks);
    /// false keeps it for the whole duration (a failed job, for a look around).
    public var endsWithLastSession: Bool
    /// Tells the runner that the VM can be reached (its connect command is published): the runner
    /// then reports the job's result, so whoever waits for it learns the connect command with it.
    /// A hook that does not call it has the result reported when its hold ends.
    public var reachable: @Sendable () async -> Void
}

/// The point in a job's lifecycle where a VM is kept for SSH access: after the tasks for
/// `shell: true` (and `hck run --keep`), and after a failure for a look around.
///
/// The runner calls ``keepAlive(_:for:reason:)`` and destroys the VM when it returns, when the
/// job's deadline passes, or when the job is cancelled, whichever comes first. The job's result is
/// reported when the hook calls ``GuestAccess/reachable`` (or when it returns): keeping the VM is a
/// state of the VM, not of the job, which has ended. The SSH gateway
/// (`SSHGateway` in the Gateway module) implements this to end early when the last session closes.
public protocol KeepAliveHook: Sendable {
    /// Holds the VM; returns when it may go.
    /// - Parameters:
    ///   - access: how to reach the guest.
    ///   - duration: the longest it may be kept.
    ///   - reason: why it is kept, for the log.
    func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws

    /// Called by a runner node before it runs a job: a sink to fan the job's events out to, so its
    /// owner can follow the job over SSH before the VM is kept; nil when the hook has no use for them.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - deadline: when the job times out at the latest.
    func watch(job: Int64, deadline: Date) async -> (any JobEvents)?
}

extension KeepAliveHook {
    /// No use for the job's events.
    public func watch(job: Int64, deadline: Date) async -> (any JobEvents)? { nil }
}

/// Keeps the VM for the whole duration, or until the service it runs in shuts down gracefully
/// (a runner that stops does not wait out its kept VMs).
public struct TimedKeepAlive: KeepAliveHook {
    /// Creates the hook.
    public init() {}

    public func keepAlive(_ access: GuestAccess, for duration: Duration, reason: String) async throws {
        await access.reachable()
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
    }
}
