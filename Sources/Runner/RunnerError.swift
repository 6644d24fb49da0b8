/// A job could not run as asked, for a reason outside the guest's scripts.
public struct RunnerError: Error, CustomStringConvertible, Sendable {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case image, setup, artifact
        }
        private let base: Base
        /// The image is unknown, not built, or unusable.
        public static let image = Code(base: .image)
        /// A setup step could not be run.
        public static let setup = Code(base: .setup)
        /// An artifact could not be copied.
        public static let artifact = Code(base: .artifact)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What failed.
    public var code: Code
    /// Where and why.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: what failed.
    ///   - message: where and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
