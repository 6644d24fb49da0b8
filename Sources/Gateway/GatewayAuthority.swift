public import Client
import Foundation
public import Wire

/// What the gateway asks and tells the server: who may enter a job's VM, where a kept VM is
/// reached, and whether its owner claimed it. ``ServerAuthority`` asks hck's server.
public protocol GatewayAuthority: Sendable {
    /// Whether the owner of `key` may enter job `job`'s VM, and if not why.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - key: the public key the user authenticated with, as an OpenSSH line.
    func decide(job: Int64, key: String) async throws -> AccessDecision

    /// Reports where the job's kept VM is reached, or (nil) that it is gone.
    /// - Parameters:
    ///   - job: the job's id.
    ///   - kept: the endpoint and until when.
    func report(job: Int64, kept: KeptVM?) async throws

    /// Waits a while (a long-poll) for the owner to claim the VM; whether it is claimed.
    /// - Parameter job: the job's id.
    func waitForClaim(job: Int64) async throws -> Bool
}

/// The ``GatewayAuthority`` that asks hck's server over the runner protocol (with the runner's token).
public struct ServerAuthority: GatewayAuthority {
    /// The runner's API client.
    public let client: APIClient

    /// Creates the authority. - Parameter client: an API client with the runner's token.
    public init(client: APIClient) {
        self.client = client
    }

    public func decide(job: Int64, key: String) async throws -> AccessDecision {
        try await client.access(job, key: key)
    }

    public func report(job: Int64, kept: KeptVM?) async throws {
        try await client.reportKeptVM(job, kept)
    }

    public func waitForClaim(job: Int64) async throws -> Bool {
        try await client.waitForClaim(job, wait: 20)
    }
}
