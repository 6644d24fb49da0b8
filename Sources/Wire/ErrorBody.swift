import Foundation

/// The JSON form of an ``APIError``, also decoded by ``APIClient``: hck's `error` sentence (with
/// `diagnostics` and `available` when there are any) and, for builds.sr.ht's clients, the same in
/// sr.ht's standard shape, `errors: [{"reason": …, "field": …}]`.
public struct ErrorBody: Codable, Sendable {
    /// One refusal in sr.ht's shape.
    public struct Reason: Codable, Sendable, Hashable {
        /// What went wrong.
        public var reason: String
        /// The request's field it is about, when it is about one.
        public var field: String?

        /// Makes one from its fields.
        public init(reason: String, field: String? = nil) {
            self.reason = reason
            self.field = field
        }
    }

    /// What went wrong.
    public var error: String
    /// Manifest diagnostics.
    public var diagnostics: [String]?
    /// What exists instead.
    public var available: [String]?
    /// The same in sr.ht's shape: one entry per manifest diagnostic, else one for `error`.
    public var errors: [Reason]?

    /// Makes one from its fields; `errors` follows from them.
    /// - Parameters:
    ///   - error: what went wrong.
    ///   - field: the request's field it is about (`manifest`, `tags`, a parameter), if any.
    ///   - diagnostics: manifest diagnostics.
    ///   - available: what exists instead.
    public init(error: String, field: String? = nil, diagnostics: [String]? = nil, available: [String]? = nil) {
        self.error = error
        self.diagnostics = diagnostics
        self.available = available
        if let diagnostics, !diagnostics.isEmpty {
            errors = diagnostics.map { Reason(reason: $0, field: field ?? "manifest") }
        } else {
            errors = [Reason(reason: error, field: field)]
        }
    }
}
