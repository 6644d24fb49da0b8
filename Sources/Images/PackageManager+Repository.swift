import HckCore
import Manifest

extension PackageManager {
    /// How long the key server may take to hand over a key before the job is told none is
    /// reachable (a guest whose traffic is dropped would otherwise wait for the job's deadline).
    public static let keyServerTimeoutSeconds = 60

    /// Adds a package repository; with a key ID, fetches the key from ``keyServer`` into
    /// `/etc/apt/keyrings/<name>.gpg` and names it as `signed-by`. When the key server cannot be
    /// reached (or does not have the key) the command fails, and its last output line says so:
    /// `hck: cannot fetch key …` (see ``keyServerFailure(keyID:repository:)``).
    /// - Parameters:
    ///   - name: the repository's name (the manifest's key).
    ///   - spec: `url distro component [keyid]`.
    /// - Throws: ``ImageError`` when the line is not a repository.
    public func addRepositoryCommand(name: String, spec: String) throws -> String {
        let repository = try Repository(name: name, spec: spec)
        switch kind {
        case .apt: return aptRepositoryCommand(repository)
        }
    }

    /// The line a repository command prints last when it cannot fetch the repository's key.
    /// - Parameters:
    ///   - keyID: the key asked for.
    ///   - repository: the repository's name.
    public func keyServerFailure(keyID: String, repository: String) -> String {
        "hck: cannot fetch key \(keyID) for repository '\(repository)' from the key server \(keyServer):"
            + " no key server is reachable from this guest (or it does not have that key);"
            + " gpg's reason is above"
    }

    private func aptRepositoryCommand(_ repository: Repository) -> String {
        let list = "/etc/apt/sources.list.d/\(repository.name).list".shellWord
        let target = [repository.url, repository.distro, repository.component].joined(separator: " ")
        guard let keyID = repository.keyID else {
            return "echo \("deb \(target)".shellWord) | sudo tee \(list) >/dev/null"
        }
        let keyring = "/etc/apt/keyrings/\(repository.name).gpg"
        let failure = keyServerFailure(keyID: keyID, repository: repository.name)
        let gpg = "gpg --batch --homedir \"$hck_gnupg\""
        return [
            "set -e",
            "sudo install -d -m 0755 /etc/apt/keyrings",
            "hck_gnupg=$(mktemp -d)",
            "if ! timeout \(Self.keyServerTimeoutSeconds) \(gpg) --keyserver \(keyServer.shellWord) --recv-keys \(keyID);"
                + " then echo \(failure.shellWord) >&2; exit 1; fi",
            "\(gpg) --export \(keyID) | sudo tee \(keyring.shellWord) >/dev/null",
            "rm -rf \"$hck_gnupg\"",
            "echo \("deb [signed-by=\(keyring)] \(target)".shellWord) | sudo tee \(list) >/dev/null",
        ].joined(separator: "\n")
    }
}
