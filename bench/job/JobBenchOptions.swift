import Foundation
import HckCore

/// `--image-dir DIR --rounds N`, and where the bench finds `hck` and examples/hello.yml.
struct JobBenchOptions {
    /// Where built images are: `--image-dir`, else `$HCK_IMAGE_DIR`, else /var/cache/hck/images.
    /// Every form is given it, so `hck run` and the srht-style run boot the same image.
    var imageRoot: URL
    /// How many times each form is timed.
    var rounds = 1

    /// Reads the options.
    /// - Throws: ``JobBenchError`` (`usage`) for an unknown option or a missing or bad value.
    init(_ arguments: ArraySlice<String>) throws {
        let environment = ProcessInfo.processInfo.environment
        var root = environment["HCK_IMAGE_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/var/cache/hck/images"
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            switch flag {
            case "--image-dir":
                guard let value = iterator.next() else { throw JobBenchError(.usage, "--image-dir needs a folder") }
                root = value
            case "--rounds":
                guard let value = iterator.next().flatMap({ Int($0) }), value >= 1 else {
                    throw JobBenchError(.usage, "--rounds needs a whole number, 1 or more")
                }
                rounds = value
            default:
                throw JobBenchError(.usage, "unknown option \(flag); use --image-dir DIR and --rounds N")
            }
        }
        imageRoot = URL(fileURLWithPath: root)
    }

    /// The `hck` built next to this program.
    static var hck: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("hck").path
    }

    /// examples/hello.yml of the checkout: under the current folder, else under a folder above this
    /// program (`.build/release/` lies inside the checkout).
    /// - Throws: ``JobBenchError`` (`setup`) when neither has it.
    static func helloManifest() throws -> URL {
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<6 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder)
        }
        for candidate in candidates {
            let file = candidate.appendingPathComponent("examples/hello.yml")
            if FileManager.default.isReadableFile(atPath: file.path) { return file }
        }
        throw JobBenchError(
            .setup,
            "no examples/hello.yml under \(candidates.map(\.path).joined(separator: ", ")); "
                + "run the bench from the checkout"
        )
    }
}
