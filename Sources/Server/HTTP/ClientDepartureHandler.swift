import HckCore
import NIOCore
import NIOHTTPTypes
import Store
import Wire

/// Notices when an HTTP client has left: its connection's input closed (the client closed its end)
/// or the connection ended. It sits in every connection's pipeline and passes everything on; a
/// long-poll asks it (``departure(of:)``) so that it stops waiting for a client that will never
/// read the answer.
final class ClientDepartureHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private var departed: EventLoopPromise<Void>?
    private var hasDeparted = false

    func handlerAdded(context: ChannelHandlerContext) {
        departed = context.eventLoop.makePromise()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        depart()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .inputClosed? = event as? ChannelEvent { depart() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        depart()
        context.fireChannelInactive()
    }

    private func depart() {
        hasDeparted = true
        departed?.succeed()
    }

    /// Succeeds when the client on `channel` has left. A channel whose pipeline has no such handler
    /// (a connection a reset closed before its request's route ran: closing empties the pipeline;
    /// or a test's channel, which never had one) has left when it closes.
    static func departure(of channel: any Channel) async -> EventLoopFuture<Void> {
        let departed: EventLoopFuture<Void>?? = await reading(channel) { $0.departed?.futureResult }
        return (departed ?? nil) ?? channel.closeFuture
    }

    /// Whether the client on `channel` has left: its handler says so, or the channel has closed.
    static func hasDeparted(_ channel: any Channel) async -> Bool {
        if let departed = await reading(channel, { $0.hasDeparted }) { return departed }
        return await hasClosed(channel)
    }

    /// Whether `channel` has closed (its close future is fulfilled), asked on its event loop, where
    /// a callback added to a fulfilled future runs at once.
    private static func hasClosed(_ channel: any Channel) async -> Bool {
        (try? await channel.eventLoop.submit {
            var closed = false
            channel.closeFuture.whenComplete { _ in closed = true }
            return closed
        }.get()) ?? true
    }

    /// What `read` says of the channel's handler, read on its event loop; nil without one.
    private static func reading<T: Sendable>(
        _ channel: any Channel,
        _ read: @escaping @Sendable (ClientDepartureHandler) -> T
    ) async -> T? {
        try? await channel.eventLoop.submit {
            read(try channel.pipeline.syncOperations.handler(type: ClientDepartureHandler.self))
        }.get()
    }
}
