extension PackageManager {
    /// Adds a package repository; with a key ID, fetches the key from ``keyServer`` into
    /// `/etc/apt/keyrings/<name>.gpg` and names it as `signed-by`. When no key server is
    /// reachable the command fails with a message saying so.
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

    private func aptRepositoryCommand(_ repository: Repository) -> String {
        let list = ShellQuote.quote("/etc/apt/sources.list.d/\(repository.name).list")
        let target = [repository.url, repository.distro, repository.component].joined(separator: " ")
        guard let keyID = repository.keyID else {
            return "echo \(ShellQuote.quote("deb \(target)")) | sudo tee \(list) >/dev/null"
        }
        let keyring = "/etc/apt/keyrings/\(repository.name).gpg"
        let failure =
            "hck: cannot fetch key \(keyID) for repository '\(repository.name)' from \(keyServer):"
            + " no key server is reachable from this guest (or it does not have the key)"
        return [
            "set -e",
            "sudo install -d -m 0755 /etc/apt/keyrings",
            "hck_gnupg=$(mktemp -d)",
            "if ! gpg --batch --quiet --homedir \"$hck_gnupg\" --keyserver \(ShellQuote.quote(keyServer))"
                + " --recv-keys \(keyID); then echo \(ShellQuote.quote(failure)) >&2; exit 1; fi",
            "gpg --batch --quiet --homedir \"$hck_gnupg\" --export \(keyID) | sudo tee \(ShellQuote.quote(keyring)) >/dev/null",
            "rm -rf \"$hck_gnupg\"",
            "echo \(ShellQuote.quote("deb [signed-by=\(keyring)] \(target)")) | sudo tee \(list) >/dev/null",
        ].joined(separator: "\n")
    }
}
