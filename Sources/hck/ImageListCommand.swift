import ArgumentParser
import CLI
import Foundation
import Images

/// `hck image list`: every catalog image, its aliases and arches, and which are built here.
struct ImageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the catalog's images and which are built here."
    )

    @OptionGroup var locations: ImageLocations

    func run() async throws {
        let catalog = try locations.loadCatalog()
        let store = locations.store
        let rows = catalog.images.map { image in
            let arches = image.arches.map { arch in
                "\(arch)\(store.isBuilt(name: image.name, arch: arch) ? " (built)" : "")"
            }
            return [image.name, image.aliases.joined(separator: ", "), arches.joined(separator: ", ")]
        }
        let header = ["IMAGE", "ALIASES", "ARCHES"]
        let widths = (0..<header.count).map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
        print("built images: \(store.root.path)")
    }
}
