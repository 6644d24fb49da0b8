import NIOCore
import NIOSSH
import Runner

/// Turns a user's session channel into ``SessionInput`` values and writes ``SessionOutput`` back.
///
/// Requests that want a reply get one at once: the gateway says yes, then explains any refusal on
/// standard error with an exit status, which an OpenSSH client shows (a bare "failure" it does not).
/// Channel requests bypass SSH flow control while data waits for window space, so the exit status
/// is sent only once every byte before it went out, and the channel closes after it.
final class GatewaySessionHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias InboundOut = SessionInput
    typealias OutboundIn = SessionOutput
    typealias OutboundOut = SSHChannelData

    private var lastWrite: EventLoopFuture<Void>?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .channel = message.type, case .byteBuffer(let bytes) = message.data else { return }
        context.fireChannelRead(wrapInboundOut(.data(bytes)))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        let input: SessionInput
        var wantReply = false
        switch event {
        case let request as SSHChannelRequestEvent.PseudoTerminalRequest:
            (input, wantReply) = (.pty(request), request.wantReply)
        case let request as SSHChannelRequestEvent.EnvironmentRequest:
            (input, wantReply) = (.environment(request), request.wantReply)
        case let request as SSHChannelRequestEvent.ExecRequest:
            (input, wantReply) = (.exec(request.command), request.wantReply)
        case let request as SSHChannelRequestEvent.ShellRequest: (input, wantReply) = (.shell, request.wantReply)
        case let request as SSHChannelRequestEvent.WindowChangeRequest: input = .windowChange(request)
        case let request as SSHChannelRequestEvent.SignalRequest: input = .signal(request.signal)
        case let request as SSHChannelRequestEvent.SubsystemRequest:
            if request.wantReply { context.triggerUserOutboundEvent(ChannelFailureEvent(), promise: nil) }
            return
        case ChannelEvent.inputClosed: input = .eof
        default:
            context.fireUserInboundEventTriggered(event)
            return
        }
        if wantReply { context.triggerUserOutboundEvent(ChannelSuccessEvent(), promise: nil) }
        context.fireChannelRead(wrapInboundOut(input))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message: SSHChannelData
        switch unwrapOutboundIn(data) {
        case .stdout(let bytes): message = SSHChannelData(type: .channel, data: .byteBuffer(bytes))
        case .stderr(let bytes): message = SSHChannelData(type: .stdErr, data: .byteBuffer(bytes))
        case .exit(let how):
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            (lastWrite ?? context.eventLoop.makeSucceededVoidFuture()).whenComplete { _ in
                let context = bound.value
                let sent = context.eventLoop.makePromise(of: Void.self)
                switch how {
                case .status(let status):
                    context.triggerUserOutboundEvent(
                        SSHChannelRequestEvent.ExitStatus(exitStatus: status),
                        promise: sent
                    )
                case .signal(let name):
                    let event = SSHChannelRequestEvent.ExitSignal(
                        signalName: name,
                        errorMessage: "",
                        language: "",
                        dumpedCore: false
                    )
                    context.triggerUserOutboundEvent(event, promise: sent)
                }
                sent.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
                sent.futureResult.cascade(to: promise)
            }
            return
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(message), promise: written)
        written.futureResult.cascade(to: promise)
        lastWrite = written.futureResult
    }
}
