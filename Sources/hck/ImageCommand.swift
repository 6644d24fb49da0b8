import ArgumentParser
import CLI
import Foundation
import Images

/// `hck image`: the image catalog and image builds.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "List and build VM images.",
        subcommands: [ImageListCommand.self, ImageBuildCommand.self]
    )
}

/// Where the catalog and the built images are, shared by the `image` subcommands.
struct ImageLocations: ParsableArguments {
    @Option(help: "The image catalog folder (default: $HCK_CATALOG, else ./images).")
    var catalog: String?

    @Option(help: "Where built images live (default: $HCK_IMAGE_DIR, else ./.cache/images).")
    var output: String?

    /// The catalog.
    func loadCatalog() throws -> ImageCatalog {
        let path = catalog ?? ProcessInfo.processInfo.environment["HCK_CATALOG"] ?? "images"
        return try ImageCatalog(directory: URL(fileURLWithPath: path))
    }

    /// The image store.
    var store: ImageStore {
        output.map { ImageStore(root: URL(fileURLWithPath: $0)) } ?? ImageStore.fromEnvironment()
    }
}
