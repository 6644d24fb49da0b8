public import Foundation
import HckCore

/// Where built images live: `<root>/<name>/<arch>/` (``ImageLocations`` says which root).
public struct ImageStore: Sendable {
    /// The store's folder.
    public let root: URL

    /// A store at a folder.
    /// - Parameter root: e.g. the value of `HCK_IMAGE_DIR`.
    public init(root: URL) {
        self.root = root
    }

    /// The folder an image of that name and arch lives in, built or not.
    /// - Parameters:
    ///   - name: canonical name, e.g. `debian/bookworm`.
    ///   - arch: its architecture.
    public func directory(name: String, arch: Architecture) -> URL {
        root.appendingPathComponent(name).appendingPathComponent(arch.rawValue)
    }

    /// The built image, or an error saying it is not built (and how to build it).
    /// - Parameters:
    ///   - name: canonical name, e.g. `debian/bookworm`.
    ///   - arch: its architecture.
    public func image(name: String, arch: Architecture) throws -> BuiltImage {
        do {
            return try BuiltImage(directory: directory(name: name, arch: arch))
        } catch let error as ImageError where error.code == .notBuilt {
            throw ImageError(
                .notBuilt,
                "\(error.message) (build it with `hck image build \(name) --arch \(arch)`)"
            )
        }
    }

    /// Whether the image is built here.
    /// - Parameters:
    ///   - name: canonical name.
    ///   - arch: its architecture.
    public func isBuilt(name: String, arch: Architecture) -> Bool {
        (try? image(name: name, arch: arch)) != nil
    }
}
