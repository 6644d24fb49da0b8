import ArgumentParser
import CLI
import Foundation
import Images

/// `hck image`: the image catalog and image builds.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "List and build VM images.",
        subcommands: [ImageListCommand.self, ImageBuildCommand.self, ImageSaveStateCommand.self]
    )
}
