import HckCore

/// An extra package repository as a manifest writes it (`url distro component [keyid]`).
public struct Repository: Sendable, Hashable {
    /// The repository's name (the manifest's key), used for its file names in the guest.
    public let name: String
    /// The archive's URL.
    public let url: String
    /// The distribution (suite), e.g. `bookworm`.
    public let distro: String
    /// The component, e.g. `main`.
    public let component: String
    /// The OpenPGP key ID or fingerprint that signs it, when given.
    public let keyID: String?

    /// Reads a repository line.
    /// - Parameters:
    ///   - name: letters, digits, `.`, `_` and `-`.
    ///   - spec: `url distro component [keyid]`.
    /// - Throws: ``ImageError`` with code `badRepository` saying what is wrong.
    public init(name: String, spec: String) throws {
        let validName =
            !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        guard validName else {
            throw ImageError(
                .badRepository,
                "repository '\(name)': the name may only hold letters, digits, '.', '_' and '-'"
            )
        }
        let fields = spec.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 3 || fields.count == 4 else {
            throw ImageError(
                .badRepository,
                "repository '\(name)': expected 'url distro component [keyid]', got \(fields.count) field(s) in '\(spec)'"
            )
        }
        guard fields[0].contains("://") else {
            throw ImageError(.badRepository, "repository '\(name)': '\(fields[0])' is not a URL")
        }
        if fields.count == 4 {
            guard fields[3].allSatisfy(\.isHexDigit) else {
                throw ImageError(
                    .badRepository,
                    "repository '\(name)': key ID '\(fields[3])' is not hexadecimal"
                )
            }
        }
        self.name = name
        self.url = fields[0]
        self.distro = fields[1]
        self.component = fields[2]
        self.keyID = fields.count == 4 ? fields[3] : nil
    }
}
