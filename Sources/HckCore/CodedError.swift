/// The kinds of one family of failures: the ``CodedError/code`` of a ``CodedError``.
///
/// An enum with a `String` raw value gets its ``description`` (the case's name) for free.
public protocol ErrorCode: Hashable, Sendable, CustomStringConvertible {}

extension ErrorCode where Self: RawRepresentable, RawValue == String {
    /// The code's name.
    public var description: String { rawValue }
}

/// hck's one error shape: a code a program can match on, and a message for people that says
/// what failed, where and why.
///
/// Each family of failures is a typealias with its own code enum, e.g.
/// `typealias ImageError = CodedError<ImageErrorCode>`; a `catch let error as ImageError` and
/// `error.code == .notBuilt` read as they would with a hand-written struct.
public struct CodedError<Code: ErrorCode>: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public let code: Code
    /// What failed, where and why.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: what kind of failure.
    ///   - message: what failed, where and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message (it says what failed on its own; the code is for programs).
    public var description: String { message }
}
