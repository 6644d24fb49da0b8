import Client
import Foundation
import Server
import Store
import TestSupport
import Testing
import Wire

/// Requests ended by their Swift task's cancellation, as a runner node ends them whenever a job
/// ends, times out or is cancelled. A fresh-clone CI run died of this with URLSession: cancelling
/// its requests crashed the process now and then, and could deadlock it.
@Suite struct ClientCancellationTests {
    @Test func cancelledRequestsEndAtOnceAndLeaveTheClientAndServerWorking() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)

            // Many requests, each cancelled before it starts or while it is under way.
            let unexpected = try await finishes(within: .seconds(120)) {
                var unexpected: [String] = []
                for round in 0..<1000 {
                    let request = Task { try await server.alice.jobs() }
                    if round.isMultiple(of: 2) { await Task.yield() }
                    request.cancel()
                    do {
                        _ = try await request.value
                    } catch is CancellationError {
                    } catch {
                        unexpected.append("\(error)")
                    }
                }
                return unexpected
            }
            #expect(unexpected == [], "a cancelled request must end as cancelled, not as another error")

            // A runner's long-poll ends as soon as its task is cancelled…
            let poll = Task { try await server.runner.take(wait: 30) }
            try await Task.sleep(for: .milliseconds(500))
            let clock = ContinuousClock()
            let cancelledAt = clock.now
            poll.cancel()
            await #expect(throws: CancellationError.self) { try await poll.value }
            // Far below the poll's 30 s, wide enough for a loaded host (CI saw 2.2 s).
            #expect(clock.now - cancelledAt < .seconds(10))

            // …and the server hands the next job to a runner that is still there, not to the poll
            // that was given up.
            let job = try await server.alice.submit(.hello())
            let assignment = try await server.runner.take(wait: 10)
            #expect(assignment?.job.id == job.id)
            #expect(try await server.alice.jobs().count == 1)
        }
    }

    /// Long-polls whose clients leave before the server reads them: each request is sent and its
    /// connection closed at once, so the server may start the route after the connection is gone.
    /// CI once handed a job to such a poll (the route found no departure handler on the closed
    /// channel and so waited, unwatched, for the next job): the runner still asking got nothing.
    @Test func aPollWhoseClientLeftBeforeTheRouteRanIsNeverHandedAJob() async throws {
        let dir = try TemporaryDirectory()
        try await TestServer.with(directory: dir) { server in
            try await server.runner.register(TestServer.capacity)
            let port = try #require(server.url.port)
            let token = try #require(server.runner.token)
            let script = """
                import socket, struct, sys
                port, token = int(sys.argv[1]), sys.argv[2]
                request = ("POST /api/runner/take?wait=30 HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\n"
                           "Authorization: Bearer " + token + "\\r\\nContent-Length: 0\\r\\n\\r\\n").encode()
                def poll():
                    s = socket.create_connection(("127.0.0.1", port))
                    s.sendall(request)
                    return s
                # Closed with a reset, as a client that had unread data does.
                for _ in range(10):
                    s = poll()
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    s.close()
                # Closed for sending, then read until the server is done with the poll (it answers
                # or closes): the server has seen each of these leave before the job comes.
                for _ in range(10):
                    s = poll()
                    s.shutdown(socket.SHUT_WR)
                    s.settimeout(120)
                    while s.recv(65536):
                        pass
                    s.close()
                """
            let ghosts = try await ChildProcess.run(["python3", "-c", script, String(port), token])
            #expect(ghosts.status == 0, "\(ghosts.output)")
            let job = try await server.alice.submit(.hello())
            let assignment = try await server.runner.take(wait: 20)
            #expect(assignment?.job.id == job.id, "the job went to a poll whose client had left")
        }
    }

    /// The result of `work`, or nil when it did not end within `limit` (a hung `work` is left
    /// behind: a deadlock cannot be cancelled, and the test must still end).
    private func finishes<T: Sendable>(
        within limit: Duration,
        _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T? {
        let (ends, end) = AsyncStream.makeStream(of: Bool.self)
        let worker = Task.detached {
            defer { end.yield(true) }
            return try await work()
        }
        let timer = Task.detached {
            try? await Task.sleep(for: limit)
            end.yield(false)
        }
        defer { timer.cancel() }
        for await ended in ends {
            guard ended else {
                Issue.record("not done within \(limit): hung")
                return nil
            }
            return try await worker.value
        }
        return nil
    }
}
