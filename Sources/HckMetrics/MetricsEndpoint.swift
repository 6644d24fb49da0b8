public import HckCore
public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server answering `GET /metrics` with a registry's text exposition: how a
/// runner node, which has no web server of its own, is scraped (`hck runner --metrics-listen`).
///
/// It is bound by ``bind(host:port:registry:logger:)``, before anything else starts, so a bad
/// address is an error at once; then ``run()`` serves until graceful shutdown. Each connection
/// gets one answer and is closed (a scrape every few seconds needs no keep-alive), and one that
/// sends no whole request within ``requestTimeout`` is closed too.
public struct MetricsEndpoint: Service {
    /// How long a connection may take to send its request.
    public static let requestTimeout: Duration = .seconds(10)

    private typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private let server: NIOAsyncChannel<Connection, Never>
    private let registry: MetricsRegistry
    private let logger: Logger
    /// The port it listens on (the one asked for, or the one the system picked for port 0).
    public let port: Int

    private init(server: NIOAsyncChannel<Connection, Never>, registry: MetricsRegistry, logger: Logger) {
        self.server = server
        self.registry = registry
        self.logger = logger
        self.port = server.channel.localAddress?.port ?? 0
    }

    /// Listens on `host:port` for scrapes of `registry`.
    /// - Throws: ``MetricsEndpointError`` when the address cannot be bound, with the system's reason.
    public static func bind(
        host: String,
        port: Int,
        registry: MetricsRegistry,
        logger: Logger
    ) async throws(MetricsEndpointError) -> MetricsEndpoint {
        do {
            let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
            return MetricsEndpoint(server: server, registry: registry, logger: logger)
        } catch {
            // The system's words ("Address already in use"), not NIO's description of its call.
            let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
            throw MetricsEndpointError(.listen, "cannot listen on \(host):\(port) for /metrics: \(reason)")
        }
    }

    /// Serves scrapes until graceful shutdown, then closes the listener and any open connection.
    public func run() async throws {
        logger.info("metrics at http://\(hostText):\(port)/metrics")
        try await cancelWhenGracefulShutdown {
            try await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await serve(connection) }
                        }
                    } catch {
                        // The listener closed (shutdown): the open connections end with the group.
                    }
                }
            }
        }
    }

    private var hostText: String {
        server.channel.localAddress?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? "?"
    }

    /// Answers one request on `connection`, or closes it when none comes in time.
    private func serve(_ connection: Connection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await answer(connection) }
            group.addTask { try? await Task.sleep(for: Self.requestTimeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func answer(_ connection: Connection) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            for try await part in inbound {
                switch part {
                case .head(let received): head = received
                case .body: continue
                case .end:
                    guard let head else { return }
                    let (status, type, body) = response(to: head)
                    let headers = HTTPHeaders([
                        ("Content-Type", type), ("Content-Length", String(body.readableBytes)), ("Connection", "close"),
                    ])
                    try await outbound.write(
                        .head(HTTPResponseHead(version: head.version, status: status, headers: headers))
                    )
                    if head.method != .HEAD { try await outbound.write(.body(.byteBuffer(body))) }
                    try await outbound.write(.end(nil))
                    return
                }
            }
        }
    }

    /// `GET /metrics` (or `HEAD`) is the exposition; anything else is refused in words.
    private func response(to head: HTTPRequestHead) -> (HTTPResponseStatus, String, ByteBuffer) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let plain = "text/plain; charset=utf-8"
        guard path == "/metrics" else {
            return (.notFound, plain, ByteBuffer(string: "no \(path) here: this endpoint serves GET /metrics\n"))
        }
        guard head.method == .GET || head.method == .HEAD else {
            return (.methodNotAllowed, plain, ByteBuffer(string: "/metrics answers GET only\n"))
        }
        return (.ok, MetricsRegistry.contentType, ByteBuffer(string: registry.exposition()))
    }
}
