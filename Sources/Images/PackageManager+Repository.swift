import HckCore
import Manifest

extension PackageManager {
    /// How long the key server may take to hand over a key before the job is told none is
    /// reachable (a guest whose traffic is dropped would otherwise wait for the job's deadline).
    public static let keyServerTimeoutSeconds = 60

    /// Adds a package repository; with a key ID, fetches the key from ``keyServer`` (an HKP lookup
    /// with curl, so no key-server daemon has to start in the guest), keeps only the key asked for
    /// in `/etc/apt/keyrings/<name>.gpg` and names it as `signed-by`. When the key server cannot be
    /// reached or does not hand out that key the command fails, and its last output line says so:
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
            + " no key server is reachable from this guest (or it does not hand out that key);"
            + " curl's or gpg's reason is above"
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
        let lookup = "\(Self.lookupBase(keyServer))/pks/lookup?op=get&options=mr&search=0x\(keyID)"
        return [
            "set -e -o pipefail",
            "sudo install -d -m 0755 /etc/apt/keyrings",
            "hck_gnupg=$(mktemp -d)",
            "if ! curl -fsS --max-time \(Self.keyServerTimeoutSeconds) \(lookup.shellWord) | \(gpg) --import"
                + " || ! \(gpg) --export \(keyID) | sudo tee \(keyring.shellWord) >/dev/null"
                + " || ! sudo test -s \(keyring.shellWord);"
                + " then echo \(failure.shellWord) >&2; exit 1; fi",
            "rm -rf \"$hck_gnupg\"",
            "echo \("deb [signed-by=\(keyring)] \(target)".shellWord) | sudo tee \(list) >/dev/null",
        ].joined(separator: "\n")
    }

    /// The HTTP base URL of an HKP key server: `hkp://` is HTTP (port 11371 unless given), `hkps://`
    /// is HTTPS; `http(s)://` stays as it is.
    static func lookupBase(_ keyServer: String) -> String {
        var server = Substring(keyServer)
        while server.hasSuffix("/") { server = server.dropLast() }
        if server.hasPrefix("hkps://") { return "https://" + server.dropFirst(7) }
        guard server.hasPrefix("hkp://") else { return String(server) }
        let host = server.dropFirst(6)
        // A port follows the host, or an IPv6 literal's closing bracket.
        let afterAddress = host.hasPrefix("[") ? host.drop { $0 != "]" } : host
        return "http://" + host + (afterAddress.contains(":") ? "" : ":11371")
    }
}
