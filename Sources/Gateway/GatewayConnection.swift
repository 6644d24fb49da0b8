import NIOCore
import NIOSSH

/// One user's SSH connection to the gateway: its handler, and its session channels as they open.
struct GatewayConnection: Sendable {
    /// The session channels the user opens, each with the key the connection authenticated with.
    let sessions: AsyncStream<GatewaySession>

    /// Sets up the SSH server side on a new TCP connection (on its event loop).
    /// - Parameters:
    ///   - channel: the accepted connection.
    ///   - hostKey: the gateway's host key.
    init(_ channel: any Channel, hostKey: NIOSSHPrivateKey) throws {
        let (sessions, sink) = AsyncStream.makeStream(of: GatewaySession.self)
        self.sessions = sessions
        let authentication = GatewayUserAuthentication()
        let ssh = NIOSSHHandler(
            role: .server(.init(hostKeys: [hostKey], userAuthDelegate: authentication)),
            allocator: channel.allocator,
            inboundChildChannelInitializer: { child, type in
                guard case .session = type else {
                    return child.eventLoop.makeFailedFuture(SessionRefused(type: "\(type)"))
                }
                let key = authentication.key
                return child.setOption(ChannelOptions.allowRemoteHalfClosure, value: true).flatMapThrowing {
                    try child.pipeline.syncOperations.addHandler(GatewaySessionHandler())
                    let session = try NIOAsyncChannel<SessionInput, SessionOutput>(wrappingChannelSynchronously: child)
                    sink.yield(GatewaySession(channel: session, key: key))
                }
            }
        )
        try channel.pipeline.syncOperations.addHandler(ssh)
        try channel.pipeline.syncOperations.addHandler(CloseOnError())
        channel.closeFuture.whenComplete { _ in sink.finish() }
    }
}

/// A session channel a user opened, and the key their connection authenticated with.
struct GatewaySession: Sendable {
    /// The channel.
    let channel: NIOAsyncChannel<SessionInput, SessionOutput>
    /// The key whose signature the connection proved.
    let key: NIOSSHPublicKey?
}

/// Only session channels are served: no port forwarding through a runner.
struct SessionRefused: Error {
    let type: String
}

/// Accepts any public key whose signature checks (swift-nio-ssh verifies it before asking) and
/// remembers it: whether its owner may enter a job is asked per session, where a refusal can be
/// explained in words instead of OpenSSH's bare "Permission denied".
final class GatewayUserAuthentication: NIOSSHServerUserAuthenticationDelegate {
    /// The key the user proved they hold.
    private(set) var key: NIOSSHPublicKey?

    var supportedAuthenticationMethods: NIOSSHAvailableUserAuthenticationMethods { .publicKey }

    func requestReceived(
        request: NIOSSHUserAuthenticationRequest,
        responsePromise: EventLoopPromise<NIOSSHUserAuthenticationOutcome>
    ) {
        guard case .publicKey(let offer) = request.request else {
            responsePromise.succeed(.failure)
            return
        }
        key = offer.publicKey
        responsePromise.succeed(.success)
    }
}

/// Closes a connection whose SSH handler failed (bad packets, a dropped peer).
final class CloseOnError: ChannelInboundHandler {
    typealias InboundIn = Any

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
