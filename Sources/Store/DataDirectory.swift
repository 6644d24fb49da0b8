import Foundation
import HckCore
import Wire

/// The server's data directory: `hck.sqlite` (jobs, logs, users; unless `--database` names PostgreSQL),
/// `secrets.key` and `webhook-signing.key` (mode 600) and `artifacts/`.
public struct DataDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Uses `path`, creating it (mode 700) and its `artifacts/` folder when missing.
    /// - Parameter path: the directory.
    public init(path: String) throws {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                atPath: "\(path)/artifacts",
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
            // Private to hck's user, also when it existed before (made by hand or by an older hck).
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        } catch {
            throw StoreError(.notFound, "cannot create the data directory \(path): \(error.localizedDescription)")
        }
    }

    /// The default: `$HCK_DATA_DIR`, else `/var/lib/hck` as root, else `~/.local/share/hck`.
    public static var defaultPath: String {
        if let dir = ProcessInfo.processInfo.environment["HCK_DATA_DIR"], !dir.isEmpty { return dir }
        if getuid() == 0 { return "/var/lib/hck" }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/hck").path
    }

    /// Opens the SQLite store in this directory.
    public func openStore() throws -> SQLiteJobStore {
        try SQLiteJobStore(path: "\(path)/hck.sqlite", artifactsDirectory: artifactsPath)
    }

    /// The directory's own secrets key, used unless `--secrets-key-file` names one.
    public var secretsKeyPath: String { "\(path)/secrets.key" }

    /// Opens the secret box with this directory's key, creating the key when missing.
    public func openSecrets() throws -> SecretBox {
        try SecretBox(creatingIfMissing: secretsKeyPath)
    }

    /// Where artifacts live.
    public var artifactsPath: String { "\(path)/artifacts" }

    /// The server's Ed25519 key that signs webhook deliveries (mode 600).
    public var webhookKeyPath: String { "\(path)/webhook-signing.key" }

    /// The server's copies of forge repositories, fetched one commit at a time (`CommitCache`).
    public var forgeCachePath: String { "\(path)/forge-cache" }
}
