import HckCore
import Images

/// Hands out local TCP ports for guests' SSH forwarding: never the same port to two VMs at
/// once, and only ports the kernel says are free on 127.0.0.1 right now.
public actor PortAllocator {
    /// The allocator every driver in this process shares, so that two drivers cannot collide.
    public static let shared = PortAllocator()

    private var reserved: Set<Int> = []
    private let candidates: @Sendable () -> Int?

    /// Creates an allocator (tests; drivers use ``shared``).
    /// - Parameter candidates: where candidate ports come from: by default a port the kernel says
    ///   is free now (``freePort()``); a test hands out a port it holds to see a start recover.
    public init(candidates: @escaping @Sendable () -> Int? = PortAllocator.freePort) {
        self.candidates = candidates
    }

    /// A free port on 127.0.0.1, reserved until ``release(_:)``.
    /// - Throws: ``VMError`` when none is found.
    public func allocate() throws -> Int {
        for _ in 0..<64 {
            guard let port = candidates() else { continue }
            if reserved.insert(port).inserted { return port }
        }
        throw VMError(.noFreePort, "no free TCP port on 127.0.0.1 for SSH forwarding after 64 tries")
    }

    /// Gives a port back.
    /// - Parameter port: a port from ``allocate()``.
    public func release(_ port: Int) {
        reserved.remove(port)
    }

    /// The ports handed out and not given back.
    public var reservedPorts: Set<Int> { reserved }

    /// Whether a program holds `port` on 127.0.0.1 now: binding it fails.
    public static func isHeld(_ port: Int) -> Bool {
        guard let socket = try? LoopbackSocket.bind(port: port) else { return true }
        socket.close()
        return false
    }

    /// Asks the kernel for a free ephemeral port by binding port 0 on 127.0.0.1. Free only now:
    /// another program may bind it before the caller does.
    public static func freePort() -> Int? {
        guard let socket = try? LoopbackSocket.bind() else { return nil }
        socket.close()
        return socket.port
    }
}
