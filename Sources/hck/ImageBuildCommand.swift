import ArgumentParser
import CLI
import Foundation
import Images
import Manifest

/// `hck image build NAME`: builds a catalog image, showing each step and its time.
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
    }
}

/// Prints a line at once, also when standard output is a pipe or a log file (where `print`
/// buffers): progress must show as it happens.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
