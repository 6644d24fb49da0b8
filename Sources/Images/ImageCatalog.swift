public import Foundation
import HckCore

/// The images hck can build and boot, read from the catalog folder (`images/` in this
/// repository): one folder per distribution with a `distribution.json`, and in it one folder per
/// release with a `release.json`.
public struct ImageCatalog: Sendable {
    /// The catalog folder.
    public let directory: URL
    /// Every image, at its default architecture, sorted by name.
    public let images: [CatalogImage]
    /// Per-arch boot arguments and kernel package, by distribution.
    private let archEntries: [String: [Architecture: DistributionFile.ArchEntry]]

    /// Reads the catalog.
    /// - Parameter directory: the catalog folder, e.g. `images/`.
    /// - Throws: ``ImageError`` naming the file that is missing or wrong.
    public init(directory: URL) throws {
        self.directory = directory
        let fileManager = FileManager.default
        let folders: [String]
        do {
            folders = try fileManager.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw ImageError(.unreadable, "\(directory.path): cannot list the image catalog: \(error)")
        }
        var images: [CatalogImage] = []
        var archEntries: [String: [Architecture: DistributionFile.ArchEntry]] = [:]
        for folder in folders {
            let distributionFolder = directory.appendingPathComponent(folder)
            let file = distributionFolder.appendingPathComponent("distribution.json")
            guard fileManager.fileExists(atPath: file.path) else { continue }
            let distribution = try JSONDecoder.catalogFile(DistributionFile.self, at: file)
            let entries = try Self.arches(of: distribution, file: file)
            archEntries[distribution.distribution] = entries
            images += try Self.releases(of: distribution, in: distributionFolder, entries: entries)
        }
        self.images = images.sorted { $0.name < $1.name }
        self.archEntries = archEntries
    }

    /// Finds an image by name or alias, for an architecture.
    /// - Parameters:
    ///   - name: e.g. `debian/bookworm` or `debian/stable`.
    ///   - arch: `amd64`/`x86_64`, `arm64`/`aarch64`; `nil` or `default` for the image's default.
    /// - Throws: ``ImageError`` listing the images or arches that exist.
    public func resolve(_ name: String, arch: String? = nil) throws -> CatalogImage {
        guard let image = images.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            let known = images.map { ([$0.name] + $0.aliases).joined(separator: ", ") }
            throw ImageError(
                .unknownImage,
                "unknown image '\(name)'; the catalog (\(directory.path)) has: \(known.joined(separator: "; "))"
            )
        }
        guard let arch, arch != "default" else { return image }
        guard let wanted = Architecture(parsing: arch), image.arches.contains(wanted),
            let entry = archEntries[image.distribution]?[wanted]
        else {
            let known = image.arches.map(\.rawValue).joined(separator: ", ")
            throw ImageError(.unknownArch, "image '\(image.name)' has no arch '\(arch)'; it has: \(known)")
        }
        return image.with(arch: wanted, bootArguments: entry.bootArguments, kernelPackage: entry.kernelPackage)
    }

    private static func arches(
        of distribution: DistributionFile,
        file: URL
    ) throws -> [Architecture: DistributionFile.ArchEntry] {
        var entries: [Architecture: DistributionFile.ArchEntry] = [:]
        for (name, entry) in distribution.arches {
            guard let arch = Architecture(parsing: name) else {
                throw ImageError(.unreadable, "\(file.path): unknown arch '\(name)'")
            }
            entries[arch] = entry
        }
        return entries
    }

    private static func releases(
        of distribution: DistributionFile,
        in folder: URL,
        entries: [Architecture: DistributionFile.ArchEntry]
    ) throws -> [CatalogImage] {
        let file = folder.appendingPathComponent("distribution.json")
        guard let manager = PackageManager(named: distribution.packageManager) else {
            throw ImageError(
                .unreadable,
                "\(file.path): unknown package manager '\(distribution.packageManager)'"
            )
        }
        var images: [CatalogImage] = []
        for sub in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let releaseFile = folder.appendingPathComponent(sub).appendingPathComponent("release.json")
            guard FileManager.default.fileExists(atPath: releaseFile.path) else { continue }
            let release = try JSONDecoder.catalogFile(ReleaseFile.self, at: releaseFile)
            var arches: [Architecture] = []
            for name in release.arches {
                guard let arch = Architecture(parsing: name), entries[arch] != nil else {
                    throw ImageError(.unreadable, "\(releaseFile.path): arch '\(name)' is not in \(file.path)")
                }
                arches.append(arch)
            }
            let preferred = Architecture(parsing: distribution.defaultArch)
            guard let arch = arches.first(where: { $0 == preferred }) ?? arches.first, let entry = entries[arch] else {
                throw ImageError(.unreadable, "\(releaseFile.path): no arches")
            }
            let aliases = distribution.aliases.filter { $0.value == release.release }.keys.sorted()
            images.append(
                CatalogImage(
                    name: "\(distribution.distribution)/\(release.release)",
                    distribution: distribution.distribution,
                    release: release.release,
                    arch: arch,
                    arches: [arch] + arches.filter { $0 != arch },
                    aliases: aliases.map { "\(distribution.distribution)/\($0)" },
                    packageManager: manager,
                    user: distribution.user,
                    bootArguments: entry.bootArguments,
                    kernelPackage: entry.kernelPackage,
                    packages: distribution.packages,
                    diskSize: distribution.diskSize,
                    steps: distribution.steps,
                    savedStateArgument: distribution.savedStateArgument,
                    scripts: folder
                )
            )
        }
        return images
    }
}
