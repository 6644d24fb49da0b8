import Foundation
import HckCore
import Images
import Testing

/// ImageLocations: where built images and the catalog are when options, the environment or the
/// binary's place say so.
@Suite struct CatalogLocationTests {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let folder = checkout.appendingPathComponent("images").path
    static let nowhere = URL(fileURLWithPath: "/nonexistent/bin/hck")

    @Test func aNamedFolderWinsOverTheEnvironment() throws {
        let locations = ImageLocations(catalog: Self.folder, environment: ["HCK_CATALOG": "/nonexistent"])
        #expect(try locations.requireCatalog().resolve("debian/testing").name == "debian/forky")
        #expect(locations.catalog?.source == "--catalog")
    }

    @Test func theEnvironmentNamesTheCatalog() throws {
        let locations = ImageLocations(environment: ["HCK_CATALOG": Self.folder], executable: Self.nowhere)
        #expect(try locations.requireCatalog().resolve("debian/unstable").name == "debian/sid")
    }

    @Test func aNamedCatalogThatIsMissingIsAnError() {
        #expect {
            try ImageLocations(environment: ["HCK_CATALOG": "/nonexistent/images"]).loadCatalog()
        } throws: { error in
            (error as? ImageError)?.code == .unreadable
                && (error as? ImageError)?.message.contains("/nonexistent/images") == true
        }
    }

    @Test func aBinaryInACheckoutFindsTheCheckoutsCatalog() throws {
        let binary = Self.checkout.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/hck")
        let locations = ImageLocations(environment: [:], executable: binary)
        #expect(locations.catalog?.url.path == Self.folder)
        #expect(locations.catalog?.source == "checkout")
    }

    @Test func anInstalledBinaryFindsTheCatalogUnderItsPrefix() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("hck-prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let catalog = prefix.appendingPathComponent("share/hck/images")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        for binary in ["bin/hck", "libexec/hck/hck-vm"] {
            let locations = ImageLocations(environment: [:], executable: prefix.appendingPathComponent(binary))
            #expect(locations.catalog?.url.standardizedFileURL.path == catalog.standardizedFileURL.path, "\(binary)")
            #expect(locations.catalog?.source == "installed")
        }
    }

    @Test func noCatalogSaysWhereItLooked() {
        let locations = ImageLocations(environment: [:], executable: Self.nowhere)
        #expect(locations.catalog == nil)
        #expect {
            try locations.requireCatalog()
        } throws: { error in
            (error as? ImageError)?.message.contains("/nonexistent/share/hck/images") == true
        }
    }

    @Test func builtImagesGoWhereTheOptionTheEnvironmentOrTheUserSays() {
        #expect(ImageLocations(imageDirectory: "/a", environment: ["HCK_IMAGE_DIR": "/b"]).images.url.path == "/a")
        #expect(ImageLocations(environment: ["HCK_IMAGE_DIR": "/b"]).images.url.path == "/b")
        #expect(ImageLocations(environment: [:], isRoot: true).images.url.path == "/var/cache/hck/images")
        let user = ImageLocations(environment: ["HOME": "/home/u"], isRoot: false)
        #expect(user.images.url.path == "/home/u/.cache/hck/images")
        let xdg = ImageLocations(environment: ["HOME": "/home/u", "XDG_CACHE_HOME": "/c"], isRoot: false)
        #expect(xdg.images.url.path == "/c/hck/images")
    }
}
