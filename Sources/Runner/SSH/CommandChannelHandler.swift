import NIOCore
import NIOSSH

/// Turns a session channel's SSH messages into ``CommandOutput`` values.
///
/// The guest sends EOF before the exit status, so this handler keeps the remote half-close to
/// itself: the stream of outputs ends when the channel closes, after the exit status.
final class CommandChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = SSHChannelData
    typealias InboundOut = CommandOutput
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = SSHChannelData

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard case .byteBuffer(let bytes) = message.data else { return }
        switch message.type {
        case .channel: context.fireChannelRead(wrapInboundOut(.stdout(bytes)))
        case .stdErr: context.fireChannelRead(wrapInboundOut(.stderr(bytes)))
        default: break
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let status as SSHChannelRequestEvent.ExitStatus:
            context.fireChannelRead(wrapInboundOut(.exit(.status(status.exitStatus))))
        case let signal as SSHChannelRequestEvent.ExitSignal:
            context.fireChannelRead(wrapInboundOut(.exit(.signal(signal.signalName))))
        case ChannelEvent.inputClosed:
            break
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data)
        context.write(wrapOutboundOut(SSHChannelData(type: .channel, data: .byteBuffer(bytes))), promise: promise)
    }
}
