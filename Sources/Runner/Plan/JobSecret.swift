/// A secret as the runner installs it: the value in the clear and where it goes.
///
/// The server resolves a manifest's secret names to these for trusted jobs only; the runner
/// feeds each value to the guest on a command's standard input, so it never appears in a
/// command line or a log.
public struct JobSecret: Sendable, Hashable {
    /// How a secret is installed.
    public enum Kind: Sendable, Hashable {
        /// Written to `~/.ssh/<id>` with mode 600; the first one is also the default key.
        case sshKey
        /// Imported with `gpg --import`.
        case pgpKey
        /// Written to `path` (`~` = the build user's home) with this octal mode.
        case file(path: String, mode: Int)
    }

    /// The secret's UUID (the name of an SSH key's file).
    public var id: String
    /// Its name, for the setup log.
    public var name: String
    /// How it is installed.
    public var kind: Kind
    /// The value.
    public var value: [UInt8]

    /// Creates a secret to install.
    /// - Parameters:
    ///   - id: its UUID.
    ///   - name: its name.
    ///   - kind: how it is installed.
    ///   - value: the value.
    public init(id: String, name: String, kind: Kind, value: [UInt8]) {
        self.id = id
        self.name = name
        self.kind = kind
        self.value = value
    }
}
