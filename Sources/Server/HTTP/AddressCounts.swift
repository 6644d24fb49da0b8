import NIOCore

/// How many connections each client address holds, kept on one event loop (the counts are touched
/// only there, so no lock is needed), for ``ConnectionLimits/connectionsPerAddress``.
final class AddressCounts: Sendable {
    private let loop: any EventLoop
    private let counts: NIOLoopBoundBox<[String: Int]>
    private let limit: Int

    init(limit: Int, on loop: any EventLoop) {
        self.loop = loop
        self.limit = limit
        counts = NIOLoopBoundBox.makeBoxSendingValue([:], eventLoop: loop)
    }

    /// Counts a new connection from `address`; false (and not counted) when the address already
    /// holds ``limit``.
    func open(_ address: String) -> EventLoopFuture<Bool> {
        loop.submit { [counts, limit] in
            let held = counts.value[address, default: 0]
            guard held < limit else { return false }
            counts.value[address] = held + 1
            return true
        }
    }

    /// Forgets a connection ``open(_:)`` counted.
    func close(_ address: String) {
        loop.execute { [counts] in
            let left = counts.value[address, default: 1] - 1
            counts.value[address] = left > 0 ? left : nil
        }
    }
}
