public import Foundation
public import HckCore

/// Where hck finds built images and the image catalog, and why there: the one rule that `hck run`,
/// `hck runner`, `hck up` and `hck image` share.
///
/// - Built images: `--image-dir`, else `$HCK_IMAGE_DIR`, else `/var/cache/hck/images` as root
///   (where QEMU, running as another user, can read them), else `$XDG_CACHE_HOME/hck/images`
///   (`~/.cache/hck/images`).
/// - The catalog: `--catalog`, else `$HCK_CATALOG`, else the one installed with the binary
///   (`PREFIX/share/hck/images` for `PREFIX/bin/hck` and `PREFIX/libexec/hck/hck-vm`), else the
///   checkout's `images/` when the binary was built in a checkout (`.build/…/hck`).
public struct ImageLocations: Sendable {
    /// A place and what chose it.
    public struct Choice: Sendable, Hashable {
        /// The folder.
        public var url: URL
        /// What chose it: `--image-dir`, `$HCK_IMAGE_DIR`, `installed`, `checkout`…
        public var source: String
    }

    /// Where built images are.
    public let images: Choice
    /// The catalog folder, or nil when none was named and none lies beside the binary.
    public let catalog: Choice?
    /// The folders looked at for the catalog, in order, when none was named.
    public let catalogCandidates: [URL]

    /// The locations for these options, environment and executable.
    /// - Parameters:
    ///   - imageDirectory: `--image-dir`, if given.
    ///   - catalog: `--catalog`, if given.
    ///   - environment: where `HCK_IMAGE_DIR`, `HCK_CATALOG`, `XDG_CACHE_HOME` and `HOME` are read.
    ///   - isRoot: whether the process runs as root.
    ///   - executable: the running binary (its real path).
    public init(
        imageDirectory: String? = nil,
        catalog: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isRoot: Bool = getuid() == 0,
        executable: URL = RunningExecutable.url
    ) {
        func set(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let imageDirectory {
            images = Choice(url: URL(fileURLWithPath: imageDirectory), source: "--image-dir")
        } else if let named = set("HCK_IMAGE_DIR") {
            images = Choice(url: URL(fileURLWithPath: named), source: "$HCK_IMAGE_DIR")
        } else if isRoot {
            images = Choice(url: URL(fileURLWithPath: "/var/cache/hck/images"), source: "the default for root")
        } else {
            let cache = set("XDG_CACHE_HOME") ?? ((set("HOME") ?? NSHomeDirectory()) + "/.cache")
            images = Choice(
                url: URL(fileURLWithPath: cache).appendingPathComponent("hck/images"),
                source: "the default"
            )
        }
        catalogCandidates = Self.catalogCandidates(beside: executable)
        if let catalog {
            self.catalog = Choice(url: URL(fileURLWithPath: catalog), source: "--catalog")
        } else if let named = set("HCK_CATALOG") {
            self.catalog = Choice(url: URL(fileURLWithPath: named), source: "$HCK_CATALOG")
        } else {
            self.catalog = catalogCandidates.first { Self.isFolder($0) }.map { found in
                Choice(url: found, source: found.path.hasSuffix("share/hck/images") ? "installed" : "checkout")
            }
        }
    }

    /// The image store at ``images``.
    public var imageStore: ImageStore { ImageStore(root: images.url) }

    /// The catalog at ``catalog``, or nil when there is none (then jobs name built images by their
    /// canonical names, and aliases such as `debian/stable` do not resolve).
    /// - Throws: ``ImageError`` when the catalog folder cannot be read.
    public func loadCatalog() throws -> ImageCatalog? {
        try catalog.map { try ImageCatalog(directory: $0.url) }
    }

    /// The catalog, or an error that says where hck looked and how to name one.
    public func requireCatalog() throws -> ImageCatalog {
        guard let catalog = try loadCatalog() else {
            throw ImageError(
                .unreadable,
                "no image catalog: looked in \(catalogCandidates.map(\.path).joined(separator: ", ")); "
                    + "name one with --catalog or $HCK_CATALOG, or install hck with `make install`"
            )
        }
        return catalog
    }

    /// Where an installed or checked-out binary's catalog would be: `share/hck/images` in the
    /// folders above it (`bin/` or `libexec/hck/`), then `images/` in the checkout that holds its
    /// build folder (`<checkout>/.build/<triple>/<config>/`).
    static func catalogCandidates(beside executable: URL) -> [URL] {
        var folders: [URL] = []
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<2 {
            folder = folder.deletingLastPathComponent()
            folders.append(folder.appendingPathComponent("share/hck/images"))
        }
        let components = executable.pathComponents
        if let build = components.lastIndex(of: ".build") {
            let checkout = NSString.path(withComponents: Array(components[..<build]))
            folders.append(URL(fileURLWithPath: checkout).appendingPathComponent("images"))
        }
        return folders
    }

    private static func isFolder(_ url: URL) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) && isFolder.boolValue
    }
}
