/// Something went wrong talking SSH to a job's guest.
///
/// Follows swift-service-lifecycle's extensible error structs: a ``Code`` says what failed, the
/// message says where and why.
public struct GuestSSHError: Error, CustomStringConvertible, Sendable {
    /// What kind of SSH failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case hostKeyMismatch
            case authenticationFailed
            case connectionClosed
            case settleTimeout
            case noExitStatus
            case outputTooLarge
        }
        private let base: Base
        /// The guest offered a host key other than the one its console printed.
        public static let hostKeyMismatch = Code(base: .hostKeyMismatch)
        /// The guest did not accept the job's key.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// The connection closed before the work was done.
        public static let connectionClosed = Code(base: .connectionClosed)
        /// SSH did not answer within the settle timeout.
        public static let settleTimeout = Code(base: .settleTimeout)
        /// A command's channel closed without reporting how the command ended.
        public static let noExitStatus = Code(base: .noExitStatus)
        /// A copied file exceeded its size limit.
        public static let outputTooLarge = Code(base: .outputTooLarge)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// What failed.
    public var code: Code
    /// Where and why, in words.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: what failed.
    ///   - message: where and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
