#if canImport(Glibc)
    import Glibc
#endif

/// Why a socket on 127.0.0.1 could not be had: the call that failed and the system's reason.
public typealias LoopbackSocketError = CodedError<LoopbackSocketErrorCode>

/// What kind of failure a ``LoopbackSocketError`` is.
public enum LoopbackSocketErrorCode: String, ErrorCode {
    /// `socket`, `bind`, `getsockname` or `listen` failed.
    case unavailable
}

/// A TCP socket bound to a port the kernel picked on 127.0.0.1: how hck finds a free port (close it
/// at once and use the port, which is free only until another program binds it), and how a test
/// holds one (keep it, listening).
public struct LoopbackSocket: Sendable {
    /// The socket's file descriptor.
    public let descriptor: Int32
    /// The port it is bound to.
    public let port: Int

    /// Binds a new socket to 127.0.0.1 on a port the kernel picks, or on `port`.
    /// - Parameters:
    ///   - port: the port to bind; 0 (the default) lets the kernel pick a free one.
    ///   - listening: whether it also listens, so that nobody else can bind the port.
    /// - Throws: ``LoopbackSocketError`` naming the call that failed and why (`bind` when another
    ///   socket holds `port`).
    public static func bind(port: Int = 0, listening: Bool = false) throws(LoopbackSocketError) -> LoopbackSocket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw failure("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let failed: String? = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                if Glibc.bind(descriptor, socketAddress, length) != 0 { return "bind 127.0.0.1:\(port)" }
                if getsockname(descriptor, socketAddress, &length) != 0 { return "getsockname" }
                if listening, listen(descriptor, 1) != 0 { return "listen" }
                return nil
            }
        }
        if let failed {
            let error = failure(failed)
            Glibc.close(descriptor)
            throw error
        }
        return LoopbackSocket(descriptor: descriptor, port: Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Closes the socket (its port is free again).
    public func close() {
        Glibc.close(descriptor)
    }

    private static func failure(_ call: String) -> LoopbackSocketError {
        LoopbackSocketError(.unavailable, "\(call) failed: \(String(cString: strerror(errno)))")
    }
}
