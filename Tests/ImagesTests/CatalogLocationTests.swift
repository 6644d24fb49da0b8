import Foundation
import HckCore
import Images
import Testing

@Suite struct CatalogLocationTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("images").path

    @Test func aNamedFolderWinsOverTheEnvironment() throws {
        let catalog = try ImageCatalog.fromEnvironment(path: Self.folder, ["HCK_CATALOG": "/nonexistent"])
        #expect(try catalog?.resolve("debian/testing").name == "debian/forky")
    }

    @Test func theEnvironmentNamesTheCatalog() throws {
        let catalog = try ImageCatalog.fromEnvironment(["HCK_CATALOG": Self.folder])
        #expect(try catalog?.resolve("debian/unstable").name == "debian/sid")
    }

    @Test func aNamedCatalogThatIsMissingIsAnError() {
        #expect {
            try ImageCatalog.fromEnvironment(["HCK_CATALOG": "/nonexistent/images"])
        } throws: { error in
            (error as? ImageError)?.code == .unreadable
                && (error as? ImageError)?.message.contains("/nonexistent/images") == true
        }
    }
}
