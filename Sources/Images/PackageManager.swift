import HckCore

/// The commands that manage packages inside a guest, rendered for the image's package manager.
///
/// Every command runs as the image's build user, through `bash -c`, and uses `sudo` where it
/// needs root. The runner calls these; nothing image-specific lives anywhere else.
public struct PackageManager: Sendable, Hashable {
    /// The package managers hck knows how to drive.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Debian's apt.
        case apt
    }

    /// Which package manager this is.
    public let kind: Kind
    /// Where `addRepositoryCommand` fetches signing keys from.
    public var keyServer: String

    /// The package manager named in a catalog file; `nil` when hck does not know it.
    /// - Parameters:
    ///   - name: e.g. `apt`.
    ///   - keyServer: the OpenPGP key server repository keys are fetched from.
    public init?(named name: String, keyServer: String = "hkps://keyserver.ubuntu.com") {
        guard let kind = Kind(rawValue: name) else { return nil }
        self.kind = kind
        self.keyServer = keyServer
    }

    /// Refreshes the package lists and installs packages, without questions.
    /// - Parameter packages: package names, e.g. `["jq", "python3"]`.
    public func installCommand(_ packages: [String]) -> String {
        let names = packages.map(\.shellWord).joined(separator: " ")
        switch kind {
        case .apt:
            return "sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q"
                + " && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \(names)"
        }
    }

    /// Powers the guest off.
    public var poweroffCommand: String {
        switch kind {
        case .apt: "sudo poweroff"
        }
    }
}
