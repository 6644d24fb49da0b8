public import HckCore
import NIOCore
import Store
import Wire

/// One SMTP reply: a three-digit code and its text lines (`250-…` continuations folded in).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, e.g. 250.
    public var code: Int
    /// The text of each line, without the code.
    public var lines: [String]

    /// `code text` as the server sent it (last line).
    public var description: String { "\(code) \(lines.last ?? "")" }
}

/// Splits the server's bytes into complete replies (CRLF lines; `NNN-` continues, `NNN ` ends).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return .needMoreData }
        let length = newline - buffer.readerIndex + 1
        guard var line = buffer.readString(length: length) else { return .needMoreData }
        line = line.trimmingSuffix("\r\n")
        guard line.count >= 3, let code = Int(line.prefix(3)) else {
            throw SMTPError(.protocolViolation, "the server sent '\(line)', which is not an SMTP reply")
        }
        lines.append(String(line.dropFirst(4)))
        if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { return .continue }
        context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: lines)))
        lines = []
        return .continue
    }
}

extension String {
    func trimmingSuffix(_ characters: String) -> String {
        var result = Substring(self)
        while let last = result.last, characters.contains(last) { result = result.dropLast() }
        return String(result)
    }
}

/// A mail that could not be sent: which step, and what the server said.
public typealias SMTPError = CodedError<SMTPErrorCode>

/// Which kind of failure an ``SMTPError`` is.
public enum SMTPErrorCode: String, ErrorCode {
    /// The server answered a command with an unexpected code.
    case rejected
    /// The server spoke something other than SMTP.
    case protocolViolation
    /// The connection failed or closed early.
    case connection
}
