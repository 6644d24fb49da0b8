public import Foundation
import HckCore

extension ImageCatalog {
    /// The catalog commands use: `path` when given, else `$HCK_CATALOG`, else `./images` when that
    /// folder exists (a checkout of this repository).
    /// - Parameters:
    ///   - path: a catalog folder given on the command line, or `nil`.
    ///   - environment: where `HCK_CATALOG` is looked up.
    /// - Returns: the catalog, or `nil` when none was named and `./images` is not there (jobs then
    ///   name built images directly and aliases such as `debian/stable` do not resolve).
    /// - Throws: ``ImageError`` when the named catalog cannot be read.
    public static func fromEnvironment(
        path: String? = nil,
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> ImageCatalog? {
        if let named = path ?? environment["HCK_CATALOG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            return try ImageCatalog(directory: URL(fileURLWithPath: named))
        }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("images")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: local.path, isDirectory: &isFolder), isFolder.boolValue else {
            return nil
        }
        return try ImageCatalog(directory: local)
    }
}
