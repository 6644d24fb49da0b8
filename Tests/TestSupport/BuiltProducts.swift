public import Foundation

/// Where things a test needs are: the repository's folders and the executables `swift build` made.
package enum BuiltProducts {
    /// The repository's root folder.
    package static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// An executable of this package (`hck`, `hck-vm`), built beside the test bundle.
    package static func executable(_ name: String) throws -> URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: name)
        let candidates = [beside, repository.appending(path: ".build/debug/\(name)")]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestSetupError(
                "\(name) is not built (looked at \(candidates.map(\.path).joined(separator: ", "))): swift build"
            )
        }
        return found
    }

    /// `hck`, built beside the test bundle.
    package static var hck: URL {
        get throws { try executable("hck") }
    }
}

/// A test's set-up could not be made (a tool or module missing, a product not built), said in words.
package struct TestSetupError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
