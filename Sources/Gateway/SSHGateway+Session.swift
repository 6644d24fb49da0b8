import Client
import Foundation
import Logging
import Manifest
import NIOCore
import NIOSSH
import Runner
import Wire

/// What a user's session sends on to the guest once it runs there.
enum GuestInput: Sendable {
    case data(ByteBuffer)
    case eof
    case windowChange(SSHChannelRequestEvent.WindowChangeRequest)
    case signal(String)
}

/// A session's requests before its command: the terminal, the environment, and `JOB [COMMAND]`.
struct SessionRequest: Sendable {
    var line: String
    var pty: SSHChannelRequestEvent.PseudoTerminalRequest?
    var environment: [SSHChannelRequestEvent.EnvironmentRequest]
    var key: NIOSSHPublicKey?

    /// The job's id and the command for the guest (nil: a login shell), or nil when the line names no job.
    var target: (job: Int64, command: String?)? {
        let trimmed = line.drop { $0 == " " }
        let word = trimmed.prefix { $0 != " " }
        guard let job = Int64(word.hasPrefix("#") ? word.dropFirst() : word), job > 0 else { return nil }
        let rest = trimmed.dropFirst(word.count).drop { $0 == " " }
        return (job, rest.isEmpty ? nil : String(rest))
    }
}

extension SSHGateway {
    /// Serves one session channel: collects its requests, and on `exec JOB [COMMAND]` relays it to the
    /// job's VM while passing on what the user types.
    func serve(_ session: GatewaySession) async {
        do {
            try await session.channel.executeThenClose { inbound, outbound in
                var request = SessionRequest(line: "", pty: nil, environment: [], key: session.key)
                var guest: AsyncStream<GuestInput>.Continuation?
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for try await input in inbound {
                        switch input {
                        case .pty(let pty): request.pty = pty
                        case .environment(let variable): request.environment.append(variable)
                        case .exec(let line) where guest == nil:
                            request.line = line
                            let (stream, feed) = AsyncStream.makeStream(of: GuestInput.self)
                            guest = feed
                            group.addTask { [request] in await self.enter(request, input: stream, output: outbound) }
                        case .shell where guest == nil:
                            let port = await port()
                            let host = configuration.advertisedHost ?? configuration.host
                            try await outbound.write(
                                .notice("say which job to enter: ssh -t -p \(port) connect@\(host) JOB [COMMAND]")
                            )
                            try await outbound.write(.exit(.status(2)))
                        case .data(let bytes): guest?.yield(.data(bytes))
                        case .eof: guest?.yield(.eof)
                        case .windowChange(let size): guest?.yield(.windowChange(size))
                        case .signal(let name): guest?.yield(.signal(name))
                        case .exec, .shell: break
                        }
                    }
                    // The user closed the channel: whatever still runs for it stops.
                    guest?.finish()
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("an SSH session ended with an error", metadata: ["error": "\(error)"])
        }
    }

    /// Decides whether the session may enter, then runs it in the guest and reports how it ended.
    private func enter(
        _ request: SessionRequest,
        input: AsyncStream<GuestInput>,
        output: NIOAsyncChannelOutboundWriter<SessionOutput>
    ) async {
        let exit: CommandExit
        switch await admit(request, output: output) {
        case .failure(let refusal):
            try? await output.write(.notice(refusal.message))
            exit = .status(refusal.status)
        case .success(let (job, command, access, user)):
            let started = ContinuousClock.now
            let what = command.map { "`\($0)`" } ?? "a shell"
            let fingerprint = request.key.map(SSHKeyFingerprint.of) ?? "?"
            await access.events.setupLog(
                ByteBuffer(string: "hck: SSH session of ~\(user) (\(fingerprint)) opened: \(what)\n")
            )
            do {
                exit = try await GuestRelay(connection: access.connection, request: request, command: command)
                    .run(input: input, output: output)
            } catch {
                try? await output.write(.notice("job \(job)'s VM went away: \(error)"))
                exit = .status(255)
            }
            await kept.leave(job)
            await access.events.setupLog(
                ByteBuffer(
                    string:
                        "hck: SSH session of ~\(user) ended: \(exit) after \((ContinuousClock.now - started).secondsText)\n"
                )
            )
        }
        try? await output.write(.exit(exit))
    }

    /// A refusal's words and exit status.
    struct Refusal: Error {
        var message: String
        var status: Int = 1
    }

    /// The job, command, VM and user for an allowed session, or why it is refused.
    private func admit(
        _ request: SessionRequest,
        output: NIOAsyncChannelOutboundWriter<SessionOutput>
    ) async -> Result<(Int64, String?, GuestAccess, String), Refusal> {
        let port = await port()
        let host = configuration.advertisedHost ?? configuration.host
        guard let (job, command) = request.target else {
            return .failure(
                Refusal(
                    message:
                        "say which job to enter: ssh -t -p \(port) connect@\(host) JOB [COMMAND], not '\(request.line.prefix(40))'",
                    status: 2
                )
            )
        }
        guard let key = request.key else {
            return .failure(Refusal(message: "the connection did not authenticate with a key"))
        }
        let decision: AccessDecision
        do {
            decision = try await authority.decide(job: job, key: String(openSSHPublicKey: key))
        } catch {
            return .failure(Refusal(message: "cannot ask hck's server who may enter job \(job): \(error)", status: 255))
        }
        guard decision.allowed, let user = decision.user else {
            return .failure(Refusal(message: decision.reason ?? "you may not enter job \(job)"))
        }
        return await enterVM(job, command: command, user: user, followed: false, request: request, output: output)
    }
}

extension SSHGateway {
    /// The VM to enter once the job's log was followed until it was kept, or why not.
    fileprivate func enterVM(
        _ job: Int64,
        command: String?,
        user: String,
        followed: Bool,
        request: SessionRequest,
        output: NIOAsyncChannelOutboundWriter<SessionOutput>
    ) async -> Result<(Int64, String?, GuestAccess, String), SSHGateway.Refusal> {
        switch await kept.state(of: job) {
        case .ended(let why):
            return .failure(Refusal(message: "job \(job)'s VM has ended (\(why))"))
        case .unknown:
            return .failure(Refusal(message: "job \(job) has not started on this runner yet; try again in a moment"))
        case .running:
            guard !followed else { return .failure(Refusal(message: "job \(job) ended while you watched")) }
            do {
                _ = try await follow(job, terminal: request.pty != nil, output: output)
            } catch {
                return .failure(Refusal(message: "stopped following job \(job): \(error)", status: 255))
            }
            return await enterVM(job, command: command, user: user, followed: true, request: request, output: output)
        case .kept:
            guard let access = await kept.enter(job) else {
                return .failure(Refusal(message: "job \(job)'s VM has just ended"))
            }
            return .success((job, command, access, user))
        }
    }
}

/// Fingerprints as OpenSSH prints them.
enum SSHKeyFingerprint {
    static func of(_ key: NIOSSHPublicKey) -> String {
        (try? SSHPublicKey(parsing: String(openSSHPublicKey: key)).fingerprint) ?? "unknown key"
    }
}
