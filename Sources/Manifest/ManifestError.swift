/// Every problem found in one manifest, each with its position.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// All diagnostics, errors and warnings, in the order of the text.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    /// - Parameter diagnostics: every diagnostic found, at least one of them an error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// Only the diagnostics that make the manifest invalid.
    public var errors: [Diagnostic] {
        diagnostics.filter { $0.severity == .error }
    }

    /// One `FILE:LINE:COL: severity: message` line per diagnostic.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
