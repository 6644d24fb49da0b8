import Foundation

/// The JSON form of an ``APIError``, also decoded by ``APIClient``.
public struct ErrorBody: Codable, Sendable {
    /// What went wrong.
    public var error: String
    /// Manifest diagnostics.
    public var diagnostics: [String]?
    /// What exists instead.
    public var available: [String]?

    /// Makes one from its fields.
    public init(error: String, diagnostics: [String]? = nil, available: [String]? = nil) {
        self.error = error
        self.diagnostics = diagnostics
        self.available = available
    }
}
