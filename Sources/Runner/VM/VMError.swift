/// Why a job VM could not be started or used (libvirt's own failures are ``LibvirtError``).
public struct VMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String { case overlay, noFreePort, bootTimeout, guestStopped, unsupportedArch }
        private let kind: Kind
        /// The copy-on-write overlay could not be made.
        public static let overlay = Code(kind: .overlay)
        /// No free local port was found for SSH forwarding.
        public static let noFreePort = Code(kind: .noFreePort)
        /// The guest did not print its host key in time.
        public static let bootTimeout = Code(kind: .bootTimeout)
        /// The domain stopped before the guest printed its host key.
        public static let guestStopped = Code(kind: .guestStopped)
        /// The image's architecture cannot be booted here.
        public static let unsupportedArch = Code(kind: .unsupportedArch)
        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What, which VM, and why.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: what kind of failure.
    ///   - message: what, which VM, and why.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
