/// A store operation that could not be done, with what and why.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// Which kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// A name already taken.
        public static let duplicate = Code(name: "duplicate")
        /// Something referenced does not exist.
        public static let notFound = Code(name: "notFound")
        /// The database's schema is newer than this program.
        public static let schema = Code(name: "schema")
        /// A human-readable name.
        public var description: String { name }
    }

    /// Which kind of failure.
    public var code: Code
    /// What failed and why.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind.
    ///   - message: what failed and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
