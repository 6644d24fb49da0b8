import Foundation
import HckCore

#if canImport(Glibc)
    import Glibc
#endif

/// The host's end of a restored guest's `org.hck.restore` channel (a Unix socket QEMU listens on):
/// the runner sends the job's key, a fresh seed and the clock through it, one line, and keeps it
/// open until the guest printed its new host key (a line sent just before the host side closes
/// may never reach the guest).
final class RestoreChannel: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Connects to the channel's socket.
    /// - Parameter path: the socket QEMU listens on.
    static func connect(_ path: String) throws -> RestoreChannel {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw failure("cannot make a socket for", path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw VMError(.savedState, "the restore channel's path is too long for a socket: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard connected == 0 else {
            let error = failure("cannot connect to", path)
            close(descriptor)
            throw error
        }
        return RestoreChannel(descriptor: descriptor)
    }

    /// Sends one line.
    /// - Parameter line: the text, without its line end.
    func send(_ line: String) throws {
        var bytes = Array((line + "\n").utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Self.failure("cannot write to", "the restore channel") }
            bytes = bytes.dropFirst(written)
        }
    }

    deinit {
        close(descriptor)
    }

    private static func failure(_ what: String, _ path: String) -> VMError {
        VMError(.savedState, "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
