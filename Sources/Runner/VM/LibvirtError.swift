import CLibvirt

/// A libvirt call that failed, with libvirt's own error number and message.
public struct LibvirtError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libvirt's error number (`virErrorNumber`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The raw `virErrorNumber`.
        public let rawValue: Int32
        /// No domain of that name or ID (e.g. it ended meanwhile).
        public static let noDomain = Code(rawValue: Int32(VIR_ERR_NO_DOMAIN.rawValue))
        /// The domain is not running.
        public static let operationInvalid = Code(rawValue: Int32(VIR_ERR_OPERATION_INVALID.rawValue))
        /// The number, as libvirt's headers name it.
        public var description: String { "virErrorNumber \(rawValue)" }
    }

    /// The libvirt function that failed, e.g. `virDomainCreateXML`.
    public let operation: String
    /// libvirt's error number.
    public let code: Code
    /// libvirt's message.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - operation: the libvirt function that failed.
    ///   - code: libvirt's error number.
    ///   - message: libvirt's message.
    public init(operation: String, code: Code, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// The calling thread's last libvirt error. libvirt keeps it per thread, so this must run on
    /// the thread that made the failed call.
    /// - Parameter operation: the function that just failed.
    static func last(_ operation: String) -> LibvirtError {
        guard let error = virGetLastError() else {
            return LibvirtError(
                operation: operation,
                code: Code(rawValue: -1),
                message: "no error message from libvirt"
            )
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "no error message from libvirt"
        return LibvirtError(operation: operation, code: Code(rawValue: error.pointee.code), message: message)
    }

    /// `virDomainCreateXML failed: <libvirt's message>`.
    public var description: String { "\(operation) failed: \(message)" }
}
