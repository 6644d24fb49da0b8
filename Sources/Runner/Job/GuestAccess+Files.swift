public import Foundation

extension GuestAccess {
    /// The files OpenSSH's `ssh` needs to log into the guest as the job: the private key (mode
    /// 600) and a known-hosts file pinning the guest's host key for `[127.0.0.1]:PORT`.
    /// - Parameter directory: where to write `id_ed25519` and `known_hosts`.
    /// - Returns: the two files.
    public func writeSSHFiles(in directory: URL) throws -> (key: URL, knownHosts: URL) {
        let key = directory.appendingPathComponent("id_ed25519")
        guard
            FileManager.default.createFile(
                atPath: key.path,
                contents: Data(self.key.openSSHPrivateKeyFile().utf8),
                attributes: [.posixPermissions: 0o600]
            )
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: key.path]) }
        let knownHosts = directory.appendingPathComponent("known_hosts")
        try "[127.0.0.1]:\(port) \(hostKey)\n".write(to: knownHosts, atomically: true, encoding: .utf8)
        return (key, knownHosts)
    }

    /// The `ssh` options that log in as the job with the files from ``writeSSHFiles(in:)``.
    public func sshOptions(key: URL, knownHosts: URL) -> [String] {
        [
            "-i", key.path, "-p", "\(port)", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=\(knownHosts.path)",
            "-o", "StrictHostKeyChecking=yes",
        ]
    }
}
