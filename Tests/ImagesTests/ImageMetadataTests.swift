import Foundation
import Images
import Testing

@Suite struct ImageMetadataTests {
    @Test func roundTripsThroughJSON() throws {
        let metadata = ImageMetadata(
            name: "debian/bookworm",
            release: "bookworm",
            arch: "amd64",
            buildDate: Date(timeIntervalSince1970: 1_700_000_000),
            packageManager: "apt",
            user: "build",
            bootArguments: "root=/dev/vda rw console=ttyS0"
        )
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(ImageMetadata.self, from: encoder.encode(metadata))
        #expect(decoded == metadata)
    }
}
