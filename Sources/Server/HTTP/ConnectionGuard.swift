import NIOCore
import NIOHTTP1

/// Puts hck's connection rules into a new connection's pipeline: Hummingbird adds it after its
/// HTTP/1 codec, where it cannot see bytes or HTTP versions, so it adds a ``ConnectionClock`` in
/// front of the HTTP decoder and an ``HTTPVersionKeeper`` right after it, then leaves.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Never

    private let limits: ConnectionLimits
    private let addresses: AddressCounts

    init(limits: ConnectionLimits, addresses: AddressCounts) {
        self.limits = limits
        self.addresses = addresses
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        let clock = ConnectionClock(limits: limits, addresses: addresses)
        do {
            let decoder = try pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(clock, position: .first)
            try pipeline.addHandler(HTTPVersionKeeper(clock: clock), position: .after(decoder))
        } catch {
            // A pipeline without HTTP/1's decoder is not one these rules are for.
            context.fireErrorCaught(error)
        }
        pipeline.removeHandler(context: context, promise: nil)
    }
}

/// Times a connection from its raw bytes: the idle time with no request in progress, the time from a
/// request's first byte to its whole head, and each silence inside a body; closes the connection
/// when one runs out. It also holds the connection's place in the per-address count.
final class ConnectionClock: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// What the connection is reading.
    private enum Reading {
        case nothing
        case head
        case body
    }

    private let limits: ConnectionLimits
    private let addresses: AddressCounts
    private var reading = Reading.nothing
    /// Requests whose head arrived and whose response has not ended.
    private var inFlight = 0
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var counted: String?
    private var started = false

    init(limits: ConnectionLimits, addresses: AddressCounts) {
        self.limits = limits
        self.addresses = addresses
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        if let counted { addresses.close(counted) }
        counted = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch reading {
        case .nothing:
            reading = .head
            arm(limits.headTimeout)
        case .head:
            break
        case .body:
            arm(limits.bodyTimeout)
        }
        context.fireChannelRead(data)
    }

    /// A request's head arrived: its body (if any) is read next.
    func headArrived() {
        inFlight += 1
        reading = .body
        arm(limits.bodyTimeout)
    }

    /// A request's end arrived: the server works on it, for as long as it takes (long-polls wait).
    func requestEnded() {
        reading = .nothing
        timer?.cancel()
        timer = nil
    }

    /// A response ended: with nothing else in progress the connection is idle.
    func responseEnded() {
        inFlight = max(0, inFlight - 1)
        if inFlight == 0, reading == .nothing { arm(limits.idleTimeout) }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        arm(limits.idleTimeout)
        guard let address = context.remoteAddress?.ipAddress else { return }
        let channel = context.channel
        addresses.open(address).hop(to: context.eventLoop).assumeIsolated().whenSuccess { [self] admitted in
            if admitted {
                if channel.isActive { counted = address } else { addresses.close(address) }
            } else {
                channel.close(promise: nil)
            }
        }
    }

    private func arm(_ limit: Duration) {
        timer?.cancel()
        guard let context else { return }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            channel.close(promise: nil)
        }
    }
}

/// Sits right after the HTTP/1 decoder, where versions are still known: an HTTP/1.0 request is
/// answered as HTTP/1.0 and its connection closed after the response (a 1.0 client cannot tell where
/// a response without a length ends otherwise); a request the decoder cannot parse is answered with a
/// 400 in hck's error shape before the connection closes; and the ``ConnectionClock`` hears where each
/// request is.
final class HTTPVersionKeeper: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let clock: ConnectionClock
    /// The versions of the requests whose responses are still to come, oldest first.
    private var versions: [HTTPVersion] = []

    init(clock: ConnectionClock) {
        self.clock = clock
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            clock.headArrived()
            versions.append(head.version)
            if head.version.isBefore11 {
                // Hummingbird ends the connection after a request that asks for it.
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                context.fireChannelRead(wrapInboundOut(.head(head)))
                return
            }
        case .body:
            break
        case .end:
            clock.requestEnded()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head) where head.status.code >= 200:
            if let version = versions.first, version.isBefore11 {
                head.version = version
                head.headers.replaceOrAdd(name: "Connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
        case .end:
            if !versions.isEmpty { versions.removeFirst() }
            clock.responseEnded()
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError, versions.isEmpty else {
            context.fireErrorCaught(error)
            return
        }
        let body = ErrorResponse.programBody(
            "the request cannot be read as HTTP (\(parse)); the connection is closed"
        )
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        headers.add(name: "Connection", value: "close")
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)))
        )
        .whenComplete { _ in }
        context.write(wrapOutboundOut(.body(.byteBuffer(body)))).whenComplete { _ in }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}

extension HTTPVersion {
    /// HTTP/1.0 or older: no keep-alive unless asked, no chunked bodies.
    var isBefore11: Bool { major < 1 || (major == 1 && minor == 0) }
}
