public import Foundation
import HckCore

/// The small file (`image.json`) that sits beside a built image's disk and says how to boot it.
public struct ImageMetadata: Sendable, Hashable, Codable {
    /// Canonical catalog name, e.g. `debian/bookworm`.
    public var name: String
    /// Distribution release, e.g. `bookworm`.
    public var release: String
    /// Debian architecture name: `amd64` or `arm64`.
    public var arch: String
    /// When the image was built.
    public var buildDate: Date
    /// The package manager the image uses, e.g. `apt`.
    public var packageManager: String
    /// The unprivileged user tasks run as.
    public var user: String
    /// Kernel command line for direct kernel boot (without the per-boot additions).
    public var bootArguments: String
    /// The kernel argument that boots the image to be saved (`hck.restore`), so that a job's VM
    /// can be restored from the saved state instead of booted; `nil` (images built before saved
    /// states, or whose guest cannot do it) for a cold boot every time.
    public var savedStateArgument: String?

    /// Creates image metadata.
    /// - Parameters:
    ///   - name: canonical catalog name.
    ///   - release: distribution release.
    ///   - arch: Debian architecture name.
    ///   - buildDate: when it was built.
    ///   - packageManager: the package manager's name.
    ///   - user: the build user.
    ///   - bootArguments: kernel command line.
    ///   - savedStateArgument: the kernel argument that boots the image to be saved, if any.
    public init(
        name: String,
        release: String,
        arch: String,
        buildDate: Date,
        packageManager: String,
        user: String,
        bootArguments: String,
        savedStateArgument: String? = nil
    ) {
        self.name = name
        self.release = release
        self.arch = arch
        self.buildDate = buildDate
        self.packageManager = packageManager
        self.user = user
        self.bootArguments = bootArguments
        self.savedStateArgument = savedStateArgument
    }
}
