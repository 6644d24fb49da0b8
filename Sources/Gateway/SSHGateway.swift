import Client
public import Foundation
import HckCore
import Images
public import Logging
import NIOCore
import NIOPosix
import NIOSSH
import Runner
public import ServiceLifecycle
import Wire

/// The runner's SSH gateway: users' own `ssh` reaches their jobs' kept VMs through it.
///
/// `ssh -t -p PORT connect@RUNNER JOB [COMMAND]` authenticates with the user's key (Ed25519 or
/// ECDSA: what swift-nio-ssh verifies), the server says whether that key's owner owns the job, and
/// the session becomes a session channel on the runner's own connection into the VM (pty, window
/// size, environment, exec or shell, stdin/stdout/stderr, exit status relayed). The job's key never
/// leaves the runner. As the ``KeepAliveHook`` it holds a kept VM until the last session of a
/// `shell: true` job ends, the keep time passes, or (when claimed) the job's deadline.
public final class SSHGateway: Service, Sendable {
    /// Where the gateway listens and how users reach it.
    public struct Configuration: Sendable {
        /// The address to listen on.
        public var host = "127.0.0.1"
        /// The port (0: any free port, see ``SSHGateway/port()``).
        public var port = 2222
        /// The address users' `ssh` connects to, when not ``host`` (e.g. the runner's DNS name).
        public var advertisedHost: String?
        /// The host key's file, made on first start.
        public var hostKeyFile: URL

        /// A configuration listening on 127.0.0.1:2222.
        /// - Parameter hostKeyFile: the host key's file (e.g. `<work directory>/gateway_host_key`).
        public init(hostKeyFile: URL) {
            self.hostKeyFile = hostKeyFile
        }
    }

    /// How it is set up.
    public let configuration: Configuration
    /// Who decides which key enters which job.
    let authority: any GatewayAuthority
    let logger: Logger
    let hostKey: NIOSSHPrivateKey
    /// The public host key line (`ssh-ed25519 AAAA…`), for users' `known_hosts`.
    public let hostKeyLine: String
    /// The kept VMs and their sessions.
    let kept = KeptVMs()
    let listening = Listening()

    /// Creates the gateway, making its host key on first use.
    /// - Parameters:
    ///   - configuration: where it listens.
    ///   - authority: who decides which key enters which job.
    ///   - logger: the runner's log.
    public init(
        configuration: Configuration,
        authority: any GatewayAuthority,
        logger: Logger = Logger(label: "hck.gateway")
    ) throws {
        self.configuration = configuration
        self.authority = authority
        self.logger = logger
        let key = try GatewayHostKey.loadOrCreate(at: configuration.hostKeyFile)
        self.hostKey = NIOSSHPrivateKey(ed25519Key: key)
        self.hostKeyLine = String(openSSHPublicKey: hostKey.publicKey)
    }

    /// The address users' `ssh` connects to.
    var advertisedHost: String { configuration.advertisedHost ?? configuration.host }

    /// Tells the server where a job's VM is reached (nil: nowhere any more); a failure is only logged.
    func report(_ job: Int64, _ record: KeptVM?) async {
        do {
            try await authority.report(job: job, kept: record)
        } catch {
            logger.warning("could not tell the server about job \(job)'s VM: \(error)")
        }
    }

    /// The port it listens on, once it does.
    public func port() async -> Int {
        await listening.port()
    }

    /// Listens until graceful shutdown; each connection and each session is a child task.
    public func run() async throws {
        let hostKey = self.hostKey
        let server: NIOAsyncChannel<GatewayConnection, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try GatewayConnection(channel, hostKey: hostKey) }
                }
        } catch {
            throw GatewayError(
                .listen,
                "the SSH gateway cannot listen on \(configuration.host):\(configuration.port): \(error)"
            )
        }
        let port = server.channel.localAddress?.port ?? configuration.port
        await listening.bound(port)
        logger.info(
            "SSH gateway listening",
            metadata: ["address": "\(configuration.host):\(port)", "host-key": "\(hostKeyLine)"]
        )
        try await withGracefulShutdownHandler {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Serves one user connection's sessions until it closes.
    private func serve(_ connection: GatewayConnection) async {
        await withDiscardingTaskGroup { group in
            for await session in connection.sessions {
                group.addTask { await self.serve(session) }
            }
        }
    }
}

/// The gateway's port, known once it listens.
actor Listening {
    private var bound: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    func bound(_ port: Int) {
        bound = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters = []
    }

    func port() async -> Int {
        if let bound { return bound }
        return await withCheckedContinuation { waiters.append($0) }
    }
}
