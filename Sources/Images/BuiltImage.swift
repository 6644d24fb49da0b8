public import Foundation
import HckCore

/// A built image on disk: `<root>/<name>/<arch>/` with `root.qcow2`, `vmlinuz`, `initrd.img`
/// and `image.json`. The files are read-only at run time; jobs boot copy-on-write overlays.
public struct BuiltImage: Sendable, Hashable {
    /// The image's folder.
    public let directory: URL
    /// What `image.json` says.
    public let metadata: ImageMetadata

    /// The compressed root disk.
    public var disk: URL { directory.appendingPathComponent(Self.diskFile) }
    /// The kernel for direct boot.
    public var kernel: URL { directory.appendingPathComponent(Self.kernelFile) }
    /// The initial ramdisk for direct boot.
    public var initrd: URL { directory.appendingPathComponent(Self.initrdFile) }
    /// The architecture it was built for.
    public var arch: Architecture? { Architecture(parsing: metadata.arch) }

    /// File names inside an image folder.
    static let diskFile = "root.qcow2"
    static let kernelFile = "vmlinuz"
    static let initrdFile = "initrd.img"
    static let metadataFile = "image.json"

    /// Reads a built image's folder.
    /// - Parameter directory: a folder holding the four files.
    /// - Throws: ``ImageError`` when a file is missing or `image.json` is not valid.
    public init(directory: URL) throws {
        for file in [Self.diskFile, Self.kernelFile, Self.initrdFile, Self.metadataFile] {
            let path = directory.appendingPathComponent(file).path
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw ImageError(.notBuilt, "\(path): missing or unreadable, the image is not built")
            }
        }
        let file = directory.appendingPathComponent(Self.metadataFile)
        do {
            self.metadata = try ImageMetadata.decoder.decode(ImageMetadata.self, from: Data(contentsOf: file))
        } catch {
            throw ImageError(.badMetadata, "\(file.path): not valid image metadata: \(error)")
        }
        self.directory = directory
    }
}

extension ImageMetadata {
    /// The JSON form of `image.json` (ISO 8601 dates, sorted keys).
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Reads `image.json`.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
