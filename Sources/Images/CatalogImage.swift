public import Foundation
import HckCore

/// One image of the catalog, for one architecture: what the runner boots and how to use it.
public struct CatalogImage: Sendable, Hashable {
    /// Canonical name, e.g. `debian/bookworm`.
    public let name: String
    /// The distribution, e.g. `debian`.
    public let distribution: String
    /// The release, e.g. `bookworm`.
    public let release: String
    /// The architecture this value is for.
    public let arch: Architecture
    /// Every architecture the image can be built for; the first is the default.
    public let arches: [Architecture]
    /// Other names that resolve to this image, e.g. `debian/oldstable`.
    public let aliases: [String]
    /// How to install packages, add repositories and power off inside the guest.
    public let packageManager: PackageManager
    /// The unprivileged user tasks run as.
    public let user: String
    /// Kernel command line for direct kernel boot (without per-boot additions).
    public let bootArguments: String
    /// The distribution package that provides the kernel.
    public let kernelPackage: String
    /// Packages installed into the image besides the kernel.
    public let packages: [String]
    /// The size of the guest's root filesystem, e.g. `8G`.
    public let diskSize: String
    /// The build steps, in order: each is `steps/<step>.sh` under ``scripts``.
    public let steps: [String]
    /// The kernel argument that boots the image to be saved for restores (`hck.restore`: no job
    /// key, no host key, and a wait for the job's own after the restore); `nil` when the image's
    /// guest cannot be restored from a saved state.
    public let savedStateArgument: String?
    /// The distribution's catalog folder (`images/<distribution>`), holding its scripts.
    public let scripts: URL

    /// The same image for another of its architectures.
    /// - Parameter arch: one of ``arches``.
    func with(arch: Architecture, bootArguments: String, kernelPackage: String) -> CatalogImage {
        CatalogImage(
            name: name,
            distribution: distribution,
            release: release,
            arch: arch,
            arches: arches,
            aliases: aliases,
            packageManager: packageManager,
            user: user,
            bootArguments: bootArguments,
            kernelPackage: kernelPackage,
            packages: packages,
            diskSize: diskSize,
            steps: steps,
            savedStateArgument: savedStateArgument,
            scripts: scripts
        )
    }
}
