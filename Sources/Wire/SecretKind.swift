/// How the runner installs it in the guest.
public enum SecretKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Written to `~/.ssh/<uuid>` (mode 600).
    case sshKey = "ssh_key"
    /// Imported with `gpg --import`.
    case pgpKey = "pgp_key"
    /// Written to `path` with `mode`.
    case file
}
