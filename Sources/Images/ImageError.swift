/// Why the image catalog, the image store or an image build failed: what, where and why.
public struct ImageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String {
            case unreadable, unknownImage, unknownArch, badRepository, notBuilt, badMetadata, stepFailed
            case cannotStart, cannotInstall
        }
        private let kind: Kind
        /// A catalog file is missing or not valid.
        public static let unreadable = Code(kind: .unreadable)
        /// No catalog image has that name.
        public static let unknownImage = Code(kind: .unknownImage)
        /// The image exists but not for that architecture.
        public static let unknownArch = Code(kind: .unknownArch)
        /// A repository line is not `url distro component [keyid]`.
        public static let badRepository = Code(kind: .badRepository)
        /// A file of a built image is missing: it is not built.
        public static let notBuilt = Code(kind: .notBuilt)
        /// A built image's `image.json` is not valid.
        public static let badMetadata = Code(kind: .badMetadata)
        /// A build step's script exited non-zero.
        public static let stepFailed = Code(kind: .stepFailed)
        /// A build step's script could not be started.
        public static let cannotStart = Code(kind: .cannotStart)
        /// A finished build could not be moved into the store.
        public static let cannotInstall = Code(kind: .cannotInstall)
        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What, where, and why (and what exists instead, when a name was wrong).
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: what kind of failure.
    ///   - message: what, where and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
