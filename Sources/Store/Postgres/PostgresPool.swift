import Foundation
import HckCore
import Logging
import PostgresNIO
import Wire

/// The PostgreSQL store's connections: PostgresNIO's pooled client, kept usable through an outage of
/// the database server.
///
/// PostgresNIO's pool alone would keep a query waiting for a connection up to a minute while the
/// server is down, and after a long outage waits up to a minute between its connection attempts. So
/// here a query that gets no connection within ``leaseWait`` fails `unreachable`; once one has, the
/// pool takes the database for down: queries fail at once, the server's log says so once, and a probe
/// connects every second until the server answers. Then a fresh client (with no backoff) takes over and
/// queries run again. See `PostgresPool+Outage.swift`.
actor PostgresPool {
    /// What the database's server did that the pool noticed.
    enum Change: Hashable, Sendable {
        /// A query could not reach it (or got no connection in time): the probe finds out whether
        /// it is down or the pool was only busy.
        case suspected
        /// The probe could not reach it either: an outage.
        case lost
        /// The probe decided (``lost``, or it answers).
        case settled
        /// It answers again after an outage (or after a query failed while it answered).
        case regained
    }

    /// The database.
    nonisolated let address: PostgresAddress
    nonisolated let logger: Logger
    /// How long a query waits for a connection before the database counts as unreachable.
    nonisolated let leaseWait: Duration
    /// How often the probe tries to connect while the database is unreachable.
    nonisolated let probeInterval: Duration
    /// Rings ``Change``s: the probe waits for `suspected`, queries for `settled`, callers of
    /// ``waitUntilReachable()`` for `regained`; `lost` counts outages.
    nonisolated let changes = Doorbell<Change>()
    /// The client queries use now.
    private(set) var client: PostgresClient
    /// The current outage, while the database is unreachable.
    var outage: PostgresOutage?
    /// Hands each new client to ``run()``, with the stream that ends when it is replaced.
    private let clients: AsyncStream<(PostgresClient, AsyncStream<Void>)>.Continuation
    private let newClients: AsyncStream<(PostgresClient, AsyncStream<Void>)>
    /// Ends the current client's stream of ``clients`` (so ``run()`` stops it).
    private var retireCurrent: AsyncStream<Void>.Continuation

    /// Creates the pool; its queries wait until ``run()`` runs.
    /// - Parameters:
    ///   - address: the database.
    ///   - logger: where outages are reported (and the client logs).
    ///   - leaseWait: how long a query waits for a connection.
    ///   - probeInterval: how often the database is tried while unreachable.
    init(
        address: PostgresAddress,
        logger: Logger,
        leaseWait: Duration = .seconds(10),
        probeInterval: Duration = .seconds(1)
    ) {
        self.address = address
        self.logger = logger
        self.leaseWait = leaseWait
        self.probeInterval = probeInterval
        (newClients, clients) = AsyncStream.makeStream(of: (PostgresClient, AsyncStream<Void>).self)
        let first = Self.makeClient(address, logger: logger)
        let (retired, retire) = AsyncStream.makeStream(of: Void.self)
        client = first
        retireCurrent = retire
        clients.yield((first, retired))
    }

    /// Runs every client until it is replaced (and a grace period after, for what still runs on it), and
    /// the probe, until the task is cancelled or the service group shuts down.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watch() }
            for await (client, retired) in newClients {
                group.addTask {
                    await withTaskGroup(of: Void.self) { lifetime in
                        lifetime.addTask { await client.run() }
                        lifetime.addTask {
                            for await _ in retired {}
                            if !Task.isCancelled { try? await Task.sleep(for: .seconds(10)) }
                        }
                        await lifetime.next()
                        lifetime.cancelAll()
                    }
                }
            }
            group.cancelAll()
        }
    }

    /// Puts a fresh client in place of the current one, which stops after a grace period.
    func replaceClient() {
        let fresh = Self.makeClient(address, logger: logger)
        let (retired, retire) = AsyncStream.makeStream(of: Void.self)
        retireCurrent.finish()
        retireCurrent = retire
        client = fresh
        clients.yield((fresh, retired))
    }

    /// A client for `address` that logs errors only. Its pool logs each failed connection attempt at info
    /// level, many a second during an outage (the probe reports the outage, once); and it warns of each
    /// lease asked for before its `run()` began, which happens when a query comes while ``run()`` starts a
    /// client in its child task: such a lease only waits for it.
    private static func makeClient(_ address: PostgresAddress, logger: Logger) -> PostgresClient {
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .error)
        return PostgresClient(configuration: address.clientConfiguration, backgroundLogger: quieter)
    }

    /// Runs `body` on a pooled connection. Fails at once (`unreachable`, naming the outage) while the
    /// database is known to be down, and after ``leaseWait`` when no connection comes; every failure is a
    /// ``StoreError`` saying what the store was `doing`. While the probe finds out whether a failed
    /// query met an outage or only a busy pool, it waits for the probe's answer.
    /// - Parameters:
    ///   - doing: what the store is doing, for errors ("claiming a job").
    ///   - body: the work; it must not keep the connection.
    nonisolated func withConnection<T: Sendable>(
        _ doing: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let (client, outage) = await verdict()
        if let outage { throw outage.failure(doing) }
        do {
            return try await Self.lease(
                from: client,
                within: leaseWait,
                address: address,
                doing: doing,
                logger: logger,
                body
            )
        } catch {
            let failure = StoreError.postgres(error, address: address, doing: doing)
            // A cancelled query (a client gone, a shutdown) says nothing about the database.
            if failure.code == .unreachable, !Task.isCancelled { await lost(failure) }
            throw failure
        }
    }
}
