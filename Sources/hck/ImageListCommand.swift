import ArgumentParser
import CLI
import Foundation
import Images

/// `hck image list`: where hck looks, then every catalog image, its aliases and arches, and which
/// are built here and when.
struct ImageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show where images are looked for, the catalog's images, and which are built here and when."
    )

    @OptionGroup var images: ImageOptions

    func run() async throws {
        let locations = images.locations
        print("catalog: \(locations.catalog.map { "\($0.url.path) (\($0.source))" } ?? "none found")")
        if locations.catalog == nil || locations.catalog?.source == "installed"
            || locations.catalog?.source == "checkout"
        {
            print("  looked in: \(locations.catalogCandidates.map(\.path).joined(separator: ", "))")
        }
        print("built images: \(locations.images.url.path) (\(locations.images.source))")
        print("")
        let catalog = try locations.requireCatalog()
        let store = locations.imageStore
        let built = ISO8601DateFormatter()
        built.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        var rows: [[String]] = []
        for image in catalog.images {
            for (index, arch) in image.arches.enumerated() {
                let builtImage = try? store.image(name: image.name, arch: arch)
                let state = builtImage.map { "built \(built.string(from: $0.metadata.buildDate)) UTC" }
                rows.append([
                    index == 0 ? image.name : "",
                    index == 0 ? image.aliases.joined(separator: ", ") : "",
                    arch.rawValue,
                    state ?? "not built",
                    builtImage.map { Self.savedState(of: $0, dates: built) } ?? "",
                ])
            }
        }
        let header = ["IMAGE", "ALIASES", "ARCH", "STATE", "SAVED STATE"]
        let widths = (0..<header.count).map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// The SAVED STATE column: whether job VMs of the image can be restored on this host, and
    /// for which VM shapes (one state each; a runner makes one again when the image, QEMU or libvirt
    /// changed).
    private static func savedState(of image: BuiltImage, dates: ISO8601DateFormatter) -> String {
        guard image.metadata.savedStateArgument != nil else { return "none (image built before saved states)" }
        let states = image.savedStates()
        guard !states.isEmpty else { return "none yet (made by the first restored job)" }
        return states.map { state in
            let key = state.key
            return
                "\(key.memoryMiB) MiB, \(key.cpus) vCPUs, \(key.accelerator) (made \(dates.string(from: state.madeAt)) UTC)"
        }.joined(separator: "; ")
    }
}
