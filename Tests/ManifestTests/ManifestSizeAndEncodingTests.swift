import Manifest
import Testing

/// What builds.sr.ht's parser accepts at the edges of a file: a byte order mark, and sizes past
/// its own 16 KiB cap up to the server's limit.
@Suite struct ManifestSizeAndEncodingTests {
    static let hello = "image: debian/stable\ntasks:\n  - build: echo hi\n"

    @Test func aByteOrderMarkIsSkipped() throws {
        let parsed = try Manifest.parse("\u{FEFF}" + Self.hello, file: "bom.yml")
        #expect(parsed.manifest.image == "debian/stable")
        #expect(parsed.manifest.tasks.map(\.name) == ["build"])
        #expect(parsed.warnings.isEmpty)
    }

    @Test func positionsAfterAByteOrderMarkCountFromTheFirstRealCharacter() {
        #expect {
            try Manifest.parse("\u{FEFF}image: [a]\ntasks:\n  - a: b\n", file: "bom.yml")
        } throws: { error in
            (error as? ManifestError)?.diagnostics.first.map { ($0.line, $0.column) } ?? (0, 0) == (1, 8)
        }
    }

    @Test func theSizeLimitIsTheCallersAndTheDefaultIsAboveSourceHuts() throws {
        let padded = Self.hello + "# " + String(repeating: "x", count: 20 * 1024) + "\n"
        #expect(padded.utf8.count > Manifest.sourceHutSizeLimit)
        #expect(try Manifest.parse(padded, file: "big.yml").manifest.image == "debian/stable")
        #expect {
            try Manifest.parse(padded, file: "big.yml", sizeLimit: 8 * 1024)
        } throws: { error in
            (error as? ManifestError)?.diagnostics.map(\.message)
                == ["manifest is \(padded.utf8.count) bytes; this server's limit is 8192 bytes"]
        }
        #expect(try Manifest.parse(padded, file: "big.yml", sizeLimit: .max).manifest.tasks.count == 1)
    }
}
