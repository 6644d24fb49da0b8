#if canImport(Glibc)
    import Glibc
#endif
import Runner
import Synchronization

/// A TCP socket listening on a free port of 127.0.0.1 until ``close()``: a port some other program
/// holds, for tests of what happens when a VM's SSH port turns out to be taken.
final class ListeningSocket: Sendable {
    /// The port it listens on.
    let port: Int
    private let descriptor: Int32
    private let handedOut = Atomic<Bool>(false)

    /// Listens on a port the kernel picks.
    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXFailure("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            let failure = POSIXFailure("bind/listen", errno)
            Glibc.close(descriptor)
            throw failure
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A ``PortAllocator`` candidate source: this socket's (taken) port the first time, then
    /// ports the kernel says are free.
    var handedOutOnceThenFree: @Sendable () -> Int? {
        { [self] in
            handedOut.exchange(true, ordering: .relaxed) ? PortAllocator.freePort() : port
        }
    }

    /// Stops listening.
    func close() {
        Glibc.close(descriptor)
    }
}

/// A failed POSIX call and its errno.
struct POSIXFailure: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    init(_ call: String, _ code: Int32) {
        self.call = call
        self.code = code
    }
    var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}
