import Foundation
import HckCore
import Images
import Testing

@Suite struct ImageCatalogTests {
    static let catalog: ImageCatalog = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        // The repository's own catalog is the fixture: if it cannot be read, every test fails.
        return try! ImageCatalog(directory: repository.appendingPathComponent("images"))
    }()

    @Test(arguments: [
        ("debian/bookworm", "debian/bookworm"), ("debian/oldstable", "debian/bookworm"),
        ("debian/stable", "debian/trixie"), ("debian/trixie", "debian/trixie"),
        ("debian/testing", "debian/forky"), ("debian/forky", "debian/forky"),
        ("debian/unstable", "debian/sid"), ("debian/sid", "debian/sid"),
    ])
    func resolvesNamesAndAliases(name: String, canonical: String) throws {
        #expect(try Self.catalog.resolve(name).name == canonical)
    }

    @Test func listsAliasesPerImage() throws {
        let names = Self.catalog.images.map(\.name)
        #expect(names == ["debian/bookworm", "debian/forky", "debian/sid", "debian/trixie"])
        #expect(try Self.catalog.resolve("debian/sid").aliases == ["debian/unstable"])
        #expect(try Self.catalog.resolve("debian/bookworm").aliases == ["debian/oldstable"])
    }

    @Test func unknownImageSaysWhatExists() {
        #expect {
            try Self.catalog.resolve("alpine/edge")
        } throws: { error in
            let error = error as? ImageError
            return error?.code == .unknownImage && error?.message.contains("alpine/edge") == true
                && error?.message.contains("debian/trixie, debian/stable") == true
        }
    }

    @Test(
        arguments: [
            (nil, Architecture.amd64), ("default", .amd64), ("amd64", .amd64), ("x86_64", .amd64),
            ("arm64", .arm64), ("aarch64", .arm64),
        ] as [(String?, Architecture)]
    )
    func resolvesArches(arch: String?, expected: Architecture) throws {
        let image = try Self.catalog.resolve("debian/stable", arch: arch)
        #expect(image.arch == expected)
        #expect(image.bootArguments.contains(expected == .amd64 ? "console=ttyS0" : "console=ttyAMA0"))
        #expect(image.kernelPackage.hasSuffix(expected.rawValue))
    }

    @Test func unknownArchSaysWhichExist() {
        #expect {
            try Self.catalog.resolve("debian/bookworm", arch: "riscv64")
        } throws: { error in
            let error = error as? ImageError
            return error?.code == .unknownArch && error?.message.contains("amd64, arm64") == true
        }
    }

    @Test func imagesCarryTheGuestContract() throws {
        let image = try Self.catalog.resolve("debian/bookworm")
        #expect(image.user == "build")
        #expect(image.bootArguments.contains("root=/dev/vda"))
        for package in [
            "openssh-server", "sudo", "git", "mercurial", "curl", "ca-certificates", "gnupg", "build-essential",
        ] {
            #expect(image.packages.contains(package), "\(package) missing from the image")
        }
        for step in image.steps {
            let script = image.scripts.appendingPathComponent("steps/\(step).sh")
            #expect(FileManager.default.isReadableFile(atPath: script.path), "\(script.path) missing")
        }
    }

    @Test func unreadableCatalogSaysWhere() {
        let missing = URL(fileURLWithPath: "/nonexistent/hck-catalog")
        #expect {
            try ImageCatalog(directory: missing)
        } throws: { error in
            (error as? ImageError)?.message.contains("/nonexistent/hck-catalog") == true
        }
    }
}
