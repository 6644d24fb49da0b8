import Foundation
import NIOCore
import NIOPosix

/// A TCP proxy on loopback in front of a test server that loses one answer: it forwards the `n`-th
/// (or, if the runner gave that one up before its answer came, the next answered) log append (`POST /api/runner/jobs/:id/log`) to the server whole, waits until the server answers
/// (so the chunk is stored), passes on nothing or only the answer's head and closes the runner's
/// connection, as a server restarting or a connection reset mid-answer would. Everything else passes
/// both ways unchanged.
package struct AnswerDroppingProxy {
    /// The port the proxy listens on (127.0.0.1).
    package let port: Int
    /// What the proxy saw and did.
    package let record: Record

    /// What passed through: how many log appends, and how many answers were dropped.
    package actor Record {
        private let dropAnswerTo: Int
        /// Whether the lost answer's status line and headers still reach the runner.
        nonisolated let passesTheHead: Bool
        package private(set) var logAppends = 0
        package private(set) var droppedAnswers = 0
        private var dropOn: Int?

        init(dropAnswerTo: Int, passesTheHead: Bool) {
            self.dropAnswerTo = dropAnswerTo
            self.passesTheHead = passesTheHead
        }

        /// Notes a request line going to the server on connection `connection`.
        func request(_ line: Substring, on connection: Int) {
            guard line.hasPrefix("POST /api/runner/jobs/"), line.contains("/log") else { return }
            logAppends += 1
            // The n-th append or, when the runner gave up on its answer before the server sent it (a slow
            // store on a loaded host), the next append whose answer comes: exactly one answer is lost.
            if logAppends >= dropAnswerTo && droppedAnswers == 0 { dropOn = connection }
        }

        /// Whether the answer arriving on `connection` is the one to lose (true once).
        func dropsAnswer(on connection: Int) -> Bool {
            guard dropOn == connection else { return false }
            dropOn = nil
            droppedAnswers += 1
            return true
        }
    }

    private struct AnswerDropped: Error {}

    /// Runs `body` while the proxy forwards to `127.0.0.1:upstream`.
    /// - Parameters:
    ///   - upstream: the server's port.
    ///   - n: which log append (1 = the first) loses its answer.
    ///   - passingTheHead: whether the runner still gets the answer's head (else nothing at all).
    ///   - body: the test.
    package static func with<T: Sendable>(
        forwardingTo upstream: Int,
        droppingTheAnswerToLogAppend n: Int,
        passingTheHead: Bool,
        _ body: (AnswerDroppingProxy) async throws -> T
    ) async throws -> T {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let proxy = AnswerDroppingProxy(
            port: listener.channel.localAddress?.port ?? 0,
            record: Record(dropAnswerTo: n, passesTheHead: passingTheHead)
        )
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { forwarding in
                        var number = 0
                        for try await connection in connections {
                            number += 1
                            let id = number
                            forwarding.addTask { try? await proxy.forward(connection, id: id, to: upstream) }
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            return try await body(proxy)
        }
    }

    /// Pipes one connection to the server and back, until either side closes or the answer is dropped.
    private func forward(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, id: Int, to upstream: Int) async throws
    {
        let server = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: upstream) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await connection.executeThenClose { fromRunner, toRunner in
            try await server.executeThenClose { fromServer, toServer in
                try await withThrowingTaskGroup(of: Void.self) { pipes in
                    pipes.addTask {
                        for try await bytes in fromRunner {
                            let firstLine = String(buffer: bytes).prefix { $0 != "\r\n" && $0 != "\n" }
                            await record.request(firstLine, on: id)
                            try await toServer.write(bytes)
                        }
                    }
                    pipes.addTask {
                        for try await bytes in fromServer {
                            guard await record.dropsAnswer(on: id) else {
                                try await toRunner.write(bytes)
                                continue
                            }
                            // Nothing, or the head only: the runner never learns the length it made.
                            if record.passesTheHead { try await toRunner.write(Self.head(of: bytes)) }
                            throw AnswerDropped()
                        }
                    }
                    // Either side ending (or the drop) ends the connection: both channels close.
                    defer { pipes.cancelAll() }
                    try await pipes.next()
                }
            }
        }
    }

    /// The status line and headers of an answer (all of it up to the blank line), without its body.
    private static func head(of answer: ByteBuffer) -> ByteBuffer {
        let bytes = Array(answer.readableBytesView)
        let blankLine = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: blankLine) }) else { return answer }
        return ByteBuffer(bytes: bytes[..<(end + blankLine.count)])
    }
}
