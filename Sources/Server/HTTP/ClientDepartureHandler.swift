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
    /// (a connection that a reset closed before its request's route ran: closing empties the
    /// pipeline) has left when it closes; nil only for an open channel without one.
    static func departure(of channel: any Channel) async -> EventLoopFuture<Void>? {
        if let departed = await reading(channel, { $0.departed?.futureResult }) ?? nil { return departed }
        return channel.isActive ? nil : channel.closeFuture
    }

    /// Whether the client on `channel` has left: its handler says so, or the channel is closed.
    static func hasDeparted(_ channel: any Channel) async -> Bool {
        await reading(channel) { $0.hasDeparted } ?? !channel.isActive
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
