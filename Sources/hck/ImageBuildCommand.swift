import ArgumentParser
import CLI
import Foundation
import HckCore
import Images
import Manifest

/// `hck image build NAME`: builds a catalog image, showing each step and its time, then makes its
/// saved state on this host (`hck image save-state`) unless `--no-saved-state`.
struct ImageBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a VM image from the catalog (needs root)."
    )

    @Argument(help: "The image, e.g. debian/bookworm or debian/stable.")
    var name: String

    @Option(help: "amd64 (x86_64) or arm64 (aarch64); default: the image's default arch.")
    var arch: String?

    @OptionGroup var images: ImageOptions

    @Flag(help: "Do not make the image's saved state on this host afterwards (the first restored job makes it).")
    var noSavedState = false

    func run() async throws {
        let locations = images.locations
        let image = try locations.requireCatalog().resolve(name, arch: arch)
        let builder = ImageBuilder(store: locations.imageStore)
        say("building \(image.name) \(image.arch) (step logs in \(builder.logDirectory(for: image).path))")
        let report = try await builder.build(image) { event in
            switch event {
            case .started(let step, let index, let count):
                say("[\(index)/\(count)] \(step)…")
            case .finished(let step, let elapsed):
                say("      \(step) done in \(elapsed.secondsText)")
            }
        }
        let total = report.total.secondsText
        say("built \(report.image.directory.path) in \(total)")
        guard !noSavedState, report.image.metadata.savedStateArgument != nil else { return }
        guard let hckVM = VMCommand.locate() else {
            say("no saved state made: hck-vm is not installed beside hck (the first restored job makes it)")
            return
        }
        // hck-vm, which links libvirt, makes it; the image is built whatever becomes of the state.
        var arguments = [VMCommandName.saveState.rawValue, name, "--arch", report.image.metadata.arch]
        if let imageDir = images.imageDir { arguments += ["--image-dir", imageDir] }
        if let catalog = images.catalog { arguments += ["--catalog", catalog] }
        let status = try await ChildProcess.run(hckVM, arguments, output: FileHandle.standardOutput)
        if status != 0 {
            say(
                "the saved state was not made (hck image save-state exited \(status), see above); the image is built, and the first restored job makes the state"
            )
        }
    }
}

/// Prints a line at once, also when standard output is a pipe or a log file (where `print`
/// buffers): progress must show as it happens.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
