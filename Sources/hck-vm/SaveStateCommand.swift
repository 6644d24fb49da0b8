import ArgumentParser
import CLI
import Foundation
import Images
import Logging
import Runner

/// `hck image save-state NAME` (and the end of `hck image build`): makes a built image's saved
/// state on this host for VMs of one size, so that the first job restored from it does not wait
/// for it.
struct SaveStateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: VMCommandName.saveState.rawValue,
        abstract: VMCommandName.saveState.abstract,
        discussion:
            "The image is booted once to where it waits for a job and saved with libvirt beside it; job VMs of this size are then restored from it. It is made again when the image, QEMU or libvirt change."
    )

    @Argument(help: "The image, e.g. debian/bookworm or debian/stable.")
    var name: String

    @Option(help: "amd64 (x86_64) or arm64 (aarch64); default: the image's default arch.")
    var arch: String?

    /// The size of the VMs the state is for, as the runners give it.
    @OptionGroup var size: VMSizeOptions

    @OptionGroup var images: ImageOptions

    func run() async throws {
        let locations = images.locations
        let entry = try locations.requireCatalog().resolve(name, arch: arch)
        let image = try locations.imageStore.image(name: entry.name, arch: entry.arch)
        guard image.metadata.savedStateArgument != nil else {
            throw ValidationError(
                "\(image.directory.path) was built before saved states: rebuild it with `hck image build \(name)`"
            )
        }
        let work = URL(fileURLWithPath: "/var/tmp/hck-save-state-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: work) }
        let driver = try await LibvirtDriver(
            overlayRoot: work.appendingPathComponent("overlays"),
            logger: .informational("hck.save-state")
        )
        print(
            "saved state of \(entry.name) \(entry.arch) for \(size.memory) MiB, \(size.cpus) vCPUs: booting it (minutes under emulation)…"
        )
        fflush(nil)
        let (state, made) = try await driver.prepareSavedState(of: image, memoryMiB: size.memory, cpus: size.cpus)
        print(
            made
                ? "saved state made in \(String(format: "%.1f", state.makeSeconds)) s (\(state.key.accelerator))"
                : "saved state already there (made \(state.madeAt), \(state.key.accelerator))"
        )
    }
}
