import HckCore
import Images
import Runner
import Synchronization

/// A TCP socket listening on a free port of 127.0.0.1 until ``close()``: a port some other program
/// holds, for tests of what happens when a VM's SSH port turns out to be taken.
final class ListeningSocket: Sendable {
    /// The port it listens on.
    var port: Int { socket.port }
    private let socket: LoopbackSocket
    private let handedOut = Atomic<Bool>(false)

    /// Listens on a port the kernel picks.
    init() throws {
        socket = try LoopbackSocket.bind(listening: true)
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
        socket.close()
    }
}
