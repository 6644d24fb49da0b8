import Foundation
import HckCore
import NIOCore
import NIOPosix
import NIOSSL
import Store
import Wire

/// Sends trigger emails to an SMTP server over SwiftNIO: plain, STARTTLS or TLS, with optional AUTH PLAIN.
public struct SMTPClient: MailTransport {
    /// Where and how to connect.
    public let configuration: SMTPConfiguration

    /// Creates a client.
    /// - Parameter configuration: the server and its settings.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Sends one message; returns the server's reply to the message data (e.g. `250 OK`). Gives up
    /// after `configuration.timeout`, so a silent server never holds up the trigger dispatcher.
    /// - Parameter message: the email.
    public func send(_ message: BuildEmail) async throws -> String {
        let configuration = configuration
        let expired: @Sendable () -> any Error = {
            SMTPError(
                .connection,
                "no answer from \(configuration.host):\(configuration.port) within \(configuration.timeout)"
            )
        }
        return try await withTimeLimit(configuration.timeout, expired: expired) { try await converse(message) }
    }

    func converse(_ message: BuildEmail) async throws -> String {
        let tls = try configuration.security == .none ? nil : makeTLSContext()
        let implicitTLS = configuration.security == .tls ? tls : nil
        let host = configuration.host
        let channel: NIOAsyncChannel<SMTPReply, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: implicitTLS, serverHostname: Self.sniName(host))
                            )
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        return try NIOAsyncChannel<SMTPReply, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError(.connection, "cannot connect to SMTP server \(host):\(configuration.port): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(replies: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(220, after: "connecting")
            try await session.command("EHLO \(Self.localName)", expect: 250)
            if configuration.security == .starttls, let tls {
                try await session.command("STARTTLS", expect: 220)
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: Self.sniName(host)),
                        position: .first
                    )
                }.get()
                try await session.command("EHLO \(Self.localName)", expect: 250)
            }
            if let credentials = configuration.credentials {
                let plain = Data("\0\(credentials.user)\0\(credentials.password)".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(plain)", expect: 235, shown: "AUTH PLAIN (credentials)")
            }
            try await session.command("MAIL FROM:<\(configuration.from)>", expect: 250)
            for recipient in message.to + message.cc {
                try await session.command("RCPT TO:<\(recipient)>", expect: 250, 251)
            }
            try await session.command("DATA", expect: 354)
            let text = MailText(message: message, from: configuration.from).rendered
            let reply = try await session.command(text + ".", expect: 250, shown: "the message")
            _ = try? await session.command("QUIT", expect: 221)
            return reply.description
        }
    }

    func makeTLSContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.trustRootsFile {
            tls.trustRoots = .file(file)
        }
        return try NIOSSLContext(configuration: tls)
    }

    /// SNI must not be an IP address.
    static func sniName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }

    static var localName: String {
        ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
    }
}

/// One SMTP conversation: send a command, check the reply's code.
struct SMTPSession {
    var replies: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func expect(_ codes: Int..., after step: String) async throws {
        _ = try await next(codes, step: step)
    }

    @discardableResult
    mutating func command(_ line: String, expect codes: Int..., shown: String? = nil) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await next(codes, step: shown ?? line)
    }

    private mutating func next(_ codes: [Int], step: String) async throws -> SMTPReply {
        guard let reply = try await replies.next() else {
            throw SMTPError(.connection, "the SMTP server closed the connection after \(step)")
        }
        guard codes.contains(reply.code) else {
            throw SMTPError(.rejected, "the SMTP server answered \(step) with \(reply)")
        }
        return reply
    }
}
