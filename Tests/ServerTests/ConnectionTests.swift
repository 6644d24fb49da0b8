import Foundation
import Server
import TestSupport
import Testing

/// Connections as a well-kept server handles them: HTTP/1.0 answered and closed, a request head, an
/// idle connection and a body that stall are closed after their timeouts, a client address holds at
/// most its cap of connections, and a request that is not HTTP gets a 400 in the error shape.
@Suite struct ConnectionTests {
    /// Opens `hold` connections and has each answered once (so the server has counted them), then sends
    /// `chunks` on another (pausing `pause` seconds between them) and reads until the server closes it
    /// or `wait` seconds pass; prints what arrived and `closed after S` or `open`.
    static func converse(
        _ server: TestServer,
        _ chunks: [String],
        pause: Double = 0,
        wait: Double = 10,
        hold: Int = 0
    ) async throws -> (answer: String, closedAfter: Double?) {
        let script = """
            import json, socket, sys, time
            port, chunks, pause, wait, hold = int(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
            held = [socket.create_connection(("127.0.0.1", port)) for _ in range(hold)]
            for h in held:
                h.sendall(b"GET /metrics HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            for h in held:
                h.settimeout(60)
                h.recv(1)
            s = socket.create_connection(("127.0.0.1", port))
            start = time.monotonic()
            data = b""
            try:
                for chunk in chunks:
                    s.sendall(chunk.encode())
                    time.sleep(pause)
            except OSError:
                pass
            s.settimeout(0.2)
            closed = None
            while time.monotonic() - start < wait:
                try:
                    piece = s.recv(65536)
                except socket.timeout:
                    continue
                except OSError:
                    closed = time.monotonic() - start
                    break
                if not piece:
                    closed = time.monotonic() - start
                    break
                data += piece
            print(json.dumps({"answer": data.decode("utf-8", "replace"), "closed": closed}))
            """
        let port = try #require(server.url.port)
        let chunksJSON = String(decoding: try JSONEncoder().encode(chunks), as: UTF8.self)
        let run = try await ChildProcess.run([
            "python3", "-c", script, String(port), chunksJSON, String(pause), String(wait), String(hold),
        ])
        let line = try #require(run.output.split(separator: "\n").last, "\(run.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (object["answer"] as? String ?? "", object["closed"] as? Double)
    }

    /// Timeouts of several seconds, so that a loaded machine's delays (seconds when every suite starts
    /// at once) neither pass for a timeout nor hide one; the bounds below are wide for the same reason.
    static func limits(_ configuration: inout APIServer.Configuration) {
        configuration.connections.headTimeout = .seconds(6)
        configuration.connections.idleTimeout = .seconds(8)
        configuration.connections.bodyTimeout = .seconds(6)
        configuration.connections.connectionsPerAddress = 4
    }

    @Test func http10IsAnsweredAsHTTP10AndClosed() async throws {
        // Timeouts far longer than the bound below, so only the response can have closed the
        // connection (a loaded machine may take seconds to answer; the bound is not a speed goal).
        let patient: TestServer.Configure = {
            $0.connections.headTimeout = .seconds(300)
            $0.connections.idleTimeout = .seconds(300)
        }
        try await TestServer.with(directory: try TemporaryDirectory(), configure: patient) { server in
            let (answer, closed) = try await Self.converse(server, ["GET /metrics HTTP/1.0\r\n\r\n"], wait: 150)
            #expect(answer.hasPrefix("HTTP/1.0 200"), "\(answer.prefix(200))")
            #expect(answer.lowercased().contains("connection: close"))
            let after = try #require(closed, "the connection was left open")
            #expect(after < 120, "closed after the response, not by a timeout (300 s): \(after) s")
        }
    }

    @Test func stalledHeadsIdleConnectionsAndStalledBodiesAreClosed() async throws {
        try await TestServer.with(directory: try TemporaryDirectory(), configure: Self.limits) { server in
            // A head sent a line every half second never ends: closed at the head timeout (6 s), not kept.
            let slowHead = ["GET / HTTP/1.1\r\n"] + (0..<40).map { "X-Slow-\($0): 1\r\n" }
            let (_, headClosed) = try await Self.converse(server, slowHead, pause: 0.5, wait: 40)
            let head = try #require(headClosed, "a slow head kept the connection")
            #expect(head >= 5 && head < 19, "closed \(head) s after the first byte")

            let (_, idleClosed) = try await Self.converse(server, [], wait: 40)
            let idle = try #require(idleClosed, "an idle connection was kept")
            #expect(idle >= 7 && idle < 30, "closed after \(idle) s of nothing")

            let body = "POST /api/jobs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"
            let (_, bodyClosed) = try await Self.converse(server, [body], wait: 40)
            let stalled = try #require(bodyClosed, "a stalled body kept the connection")
            #expect(stalled >= 5 && stalled < 30, "closed \(stalled) s into the stalled body")

            // Keep-alive still works: two requests on one connection, then the idle timeout.
            let twice = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
            let (answers, _) = try await Self.converse(server, [twice], wait: 30)
            #expect(answers.components(separatedBy: "HTTP/1.1 200").count == 3, "\(answers.prefix(300))")
        }
    }

    @Test func anAddressHoldsAtMostItsCapOfConnections() async throws {
        // Idle connections are kept a minute here, so only the cap can close the fifth.
        let capOnly: TestServer.Configure = {
            Self.limits(&$0)
            $0.connections.idleTimeout = .seconds(60)
        }
        try await TestServer.with(directory: try TemporaryDirectory(), configure: capOnly) { server in
            let (over, overClosed) = try await Self.converse(
                server,
                ["GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"],
                wait: 20,
                hold: 4
            )
            #expect(overClosed != nil && !over.contains("200"), "a fifth connection is closed: \(over.prefix(200))")
            // The held connections are gone with their process; the server counts them out as it
            // closes them, which a loaded host may take a moment to do.
            var under = ""
            for _ in 0..<5 where !under.hasPrefix("HTTP/1.1 200") {
                under = try await Self.converse(
                    server,
                    ["GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"],
                    wait: 6,
                    hold: 2
                ).answer
            }
            #expect(under.hasPrefix("HTTP/1.1 200"), "\(under.prefix(200))")
        }
    }

    @Test func aRequestThatIsNotHTTPGetsA400InTheErrorShape() async throws {
        try await TestServer.with(directory: try TemporaryDirectory(), configure: Self.limits) { server in
            let (answer, closed) = try await Self.converse(server, ["NOT HTTP AT ALL\r\n\r\n"])
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(answer.prefix(300))")
            #expect(answer.contains(#"{"error":"the request cannot be read as HTTP ("#), "\(answer)")
            #expect(closed != nil)
        }
    }
}
