import HckCore
import Images
import NIOCore
import NIOSSH

/// Accepts exactly one host key: the one the guest printed on its console at boot.
final class PinnedHostKeyDelegate: NIOSSHClientServerAuthenticationDelegate, Sendable {
    let expected: NIOSSHPublicKey

    init(expected: NIOSSHPublicKey) {
        self.expected = expected
    }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        if hostKey == expected {
            validationCompletePromise.succeed(())
        } else {
            let offered = String(openSSHPublicKey: hostKey)
            let message =
                "the guest offered host key \(offered), its console printed \(String(openSSHPublicKey: expected))"
            validationCompletePromise.fail(GuestSSHError(.hostKeyMismatch, message))
        }
    }
}

/// Offers the job's key once; a refusal ends the attempt.
final class JobKeyAuthenticationDelegate: NIOSSHClientUserAuthenticationDelegate {
    private let user: String
    private var key: NIOSSHPrivateKey?

    init(user: String, key: NIOSSHPrivateKey) {
        self.user = user
        self.key = key
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods,
        nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        guard let key, availableMethods.contains(.publicKey) else {
            nextChallengePromise.fail(
                GuestSSHError(.authenticationFailed, "the guest refused the job's key for user \(user)")
            )
            return
        }
        self.key = nil
        nextChallengePromise.succeed(
            NIOSSHUserAuthenticationOffer(username: user, serviceName: "", offer: .privateKey(.init(privateKey: key)))
        )
    }
}

/// Sits after the `NIOSSHHandler` and tells the connecting code when authentication is done,
/// or why the connection died before that.
final class AuthenticationWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private var promise: EventLoopPromise<Void>?
    /// Succeeds when the guest accepted the job's key.
    let authenticated: EventLoopFuture<Void>

    init(eventLoop: any EventLoop) {
        let promise = eventLoop.makePromise(of: Void.self)
        self.promise = promise
        self.authenticated = promise.futureResult
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise?.fail(GuestSSHError(.connectionClosed, "the SSH connection went away during the handshake"))
        promise = nil
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent {
            promise?.succeed(())
            promise = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(GuestSSHError(.connectionClosed, "the guest closed the connection during the SSH handshake"))
        promise = nil
        context.fireChannelInactive()
    }
}
