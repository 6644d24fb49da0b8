public import Foundation
import Manifest
public import Wire

/// Users' SSH public keys and the VMs kept for SSH.
public protocol KeyStore: Sendable {
    /// Registers a user's public key; a key already registered (by anyone) is a `duplicate`.
    /// - Parameters:
    ///   - owner: the user's name.
    ///   - key: the checked key.
    ///   - now: the current time.
    func addSSHKey(owner: String, key: SSHPublicKey, now: Date) async throws -> SSHKey
    /// A user's keys, oldest first.
    /// - Parameter owner: the user's name.
    func sshKeys(owner: String) async throws -> [SSHKey]
    /// Removes one of a user's keys; false when the user has no key with that id.
    /// - Parameters:
    ///   - owner: the user's name.
    ///   - id: the key's id.
    func removeSSHKey(owner: String, id: Int64) async throws -> Bool
    /// The registered key with this fingerprint, whoever owns it.
    /// - Parameter fingerprint: `SHA256:…`.
    func sshKey(fingerprint: String) async throws -> SSHKey?
    /// Records (or, with nil, forgets) where a running job's kept VM can be reached.
    /// - Parameters:
    ///   - id: the job's id.
    ///   - kept: the endpoint, until when and why; a claim already made survives an update.
    func setKeptVM(id: Int64, _ kept: KeptVM?) async throws
    /// Where a job's kept VM can be reached, if the runner reported one.
    /// - Parameter id: the job's id.
    func keptVM(id: Int64) async throws -> KeptVM?
    /// Marks a kept VM claimed (kept until the job's deadline); nil when none is kept.
    /// - Parameter id: the job's id.
    func claimKeptVM(id: Int64) async throws -> KeptVM?
}
