public import Foundation

/// Where a running job's VM, kept for SSH, can be reached through its runner's gateway.
public struct KeptVM: Sendable, Hashable, Codable {
    /// The runner's gateway address as users reach it.
    public var host: String
    /// The gateway's port.
    public var port: Int
    /// When the VM goes at the latest (unless claimed, then the job's deadline).
    public var until: Date
    /// Why it is kept (`the tasks are done`, `the job failed`).
    public var reason: String
    /// Whether the owner claimed it, so it stays until the job's deadline.
    public var claimed: Bool

    /// Creates a record.
    /// - Parameters:
    ///   - host: the gateway's address.
    ///   - port: the gateway's port.
    ///   - until: when it goes at the latest.
    ///   - reason: why it is kept.
    ///   - claimed: whether the owner claimed it.
    public init(host: String, port: Int, until: Date, reason: String, claimed: Bool = false) {
        self.host = host
        self.port = port
        self.until = until
        self.reason = reason
        self.claimed = claimed
    }

    /// The ``reason`` while the job still runs: connecting shows its live log, then a shell if its VM is kept.
    public static let running = "the job is running"

    /// Whether the job still runs (its VM is not kept yet).
    public var isRunning: Bool { reason == Self.running }

    /// The command that connects to the job's VM: `ssh -t -p PORT connect@HOST JOB`.
    /// - Parameter job: the job's id.
    public func command(job: Int64) -> String {
        "ssh -t -p \(port) connect@\(host) \(job)"
    }
}
