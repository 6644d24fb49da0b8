import Foundation
import HckCore

/// `images/<distribution>/distribution.json`: what every release of a distribution shares.
struct DistributionFile: Codable, Sendable {
    /// One architecture's kernel and boot arguments.
    struct ArchEntry: Codable, Sendable, Hashable {
        var kernelPackage: String
        var bootArguments: String
    }

    var distribution: String
    var packageManager: String
    var user: String
    var defaultArch: String
    var diskSize: String
    var aliases: [String: String]
    var steps: [String]
    var packages: [String]
    /// The kernel argument that boots a guest to be saved (see ``CatalogImage/savedStateArgument``).
    var savedStateArgument: String?
    var arches: [String: ArchEntry]
}

/// `images/<distribution>/<release>/release.json`: one release and the arches it is built for.
struct ReleaseFile: Codable, Sendable {
    var release: String
    var arches: [String]
}

extension JSONDecoder {
    /// Decodes a catalog file, saying which file is wrong and why when it is.
    static func catalogFile<T: Decodable>(_ type: T.Type, at url: URL) throws -> T {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ImageError(.unreadable, "\(url.path): cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw ImageError(.unreadable, "\(url.path): not a valid catalog file: \(error)")
        }
    }
}
