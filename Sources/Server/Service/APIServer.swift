import Foundation
public import GitPush
import HTTPTypes
import HckCore
public import Hummingbird
public import Logging
import Manifest
import NIOCore
import NIOPosix
import ServiceLifecycle
public import Store
import UnixSignals
import Wire

/// `hck server`: the HTTP API with its lease reaper, schedule ticker and trigger dispatcher, as one Hummingbird
/// application whose services run in one ServiceGroup; SIGTERM drains it gracefully.
public struct APIServer: Sendable {
    /// How the server is set up.
    public struct Configuration: Sendable {
        /// The data directory.
        public var dataDirectory: String
        /// Address to listen on.
        public var host: String = "127.0.0.1"
        /// Port (0: any free port, reported to `onListening`; then set `baseURL` for correct URLs in job JSON).
        public var port: Int = 8080
        /// The public URL; default `http://host:port`.
        public var baseURL: String?
        /// How long a lease lasts without a heartbeat.
        public var leaseDuration: Duration = .seconds(30)
        /// How often ended leases are looked for.
        public var reapInterval: Duration = .seconds(1)
        /// How long a graceful shutdown (SIGTERM) may take before the services still running are
        /// cancelled; if they still run 10 s after that, the process stops anyway, as a service
        /// manager would stop it (and with a crash report saying so).
        public var shutdownLimit: Duration = .seconds(30)
        /// How long a job may run once a runner took it; then the server ends it `timeout` (the runner's
        /// own limit, `hck runner`'s job timeout, should be no longer).
        public var jobTimeout: Duration = .seconds(45 * 60)
        /// The largest artifact accepted, in bytes; a bigger upload is refused with 413.
        public var artifactSizeLimit: Int64 = 1 << 30
        /// The largest manifest accepted, in bytes; a bigger one is refused with 400.
        public var manifestSizeLimit = Manifest.defaultSizeLimit
        /// How webhooks are retried.
        public var webhooks = WebhookSender()
        /// How commit statuses are retried.
        public var commitStatuses = CommitStatusSender()
        /// How much the copies of forge repositories may hold, for how long, and how long a fetch
        /// may take.
        public var commitCache = CommitCache.Limits()
        /// How email is sent (nil: email triggers are recorded as not delivered).
        public var mail: (any MailTransport)?
        /// The smallest id a new job gets (job ids name VMs, which are global to a libvirt host).
        public var firstJobID: Int64?
        /// Where jobs are kept: SQLite in the data directory unless a PostgreSQL database is named.
        public var database: StoreLocation = .dataDirectory
        /// The file holding the key that seals users' secrets, which every server sharing a database must
        /// be given (nil: the data directory's own `secrets.key`, made when missing).
        public var secretsKeyFile: String?
        /// How long ended jobs' artifacts, logs and records are kept.
        public var retention = Retention()
        /// How often expired data is looked for (and removed).
        public var pruneInterval: Duration = .seconds(3600)
        /// Timeouts and the per-address cap of connections.
        public var connections = ConnectionLimits()
        /// How often the schedules are looked at for ticks owed (a tick is submitted up to this late).
        public var scheduleInterval: Duration = .seconds(10)
        /// The time schedules go by: the system's, or one a test moves (``WallClock``).
        public var scheduleClock = WallClock.system

        /// Creates a configuration.
        /// - Parameter dataDirectory: the data directory.
        public init(dataDirectory: String) {
            self.dataDirectory = dataDirectory
        }
    }

    /// The configuration.
    public let configuration: Configuration

    /// Creates a server.
    /// - Parameter configuration: how it is set up.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Serves until SIGTERM or SIGINT, then drains gracefully (in-flight requests finish, services
    /// stop), within ``Configuration/shutdownLimit``.
    /// - Parameters:
    ///   - logger: where to log.
    ///   - onListening: called with the bound port once the server listens.
    public func run(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let application = try await makeApplication(logger: logger, onListening: onListening)
        var group = ServiceGroupConfiguration(
            services: [.init(service: application)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        group.maximumGracefulShutdownDuration = configuration.shutdownLimit
        group.maximumCancellationDuration = .seconds(10)
        try await ServiceGroup(configuration: group).run()
    }

    /// Builds the application, whose `run()` serves until graceful shutdown. Opening the store
    /// migrates it, so a database that cannot be reached fails here, saying why.
    /// - Parameters:
    ///   - logger: where to log.
    ///   - onListening: called with the bound port once the server listens.
    public func makeApplication(
        logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let data = try DataDirectory(path: configuration.dataDirectory)
        let (store, storeServices) = try await configuration.database.open(
            dataDirectory: data,
            firstJobID: configuration.firstJobID,
            logger: logger
        )
        // Every server sharing the store must seal with one key: refuse to start with another.
        let secretBox = try configuration.secretsKeyFile.map(SecretBox.init(keyFile:)) ?? data.openSecrets()
        try await Administration.with(dataDirectory: data.path, database: configuration.database) {
            try await $0.adoptSecretsKey(secretBox)
        }
        logger.info("secrets are sealed with the key in \(secretBox.keyFile) (\(secretBox.fingerprint))")
        let dispatcher = Dispatcher(
            store: store,
            leaseDuration: configuration.leaseDuration,
            jobTimeout: configuration.jobTimeout
        )
        let baseURL = configuration.baseURL ?? "http://\(configuration.host):\(configuration.port)"
        let jobs = JobService(
            store: store,
            dispatcher: dispatcher,
            secretBox: secretBox,
            baseURL: baseURL,
            triggers: TriggerQueue(),
            metrics: ServerMetrics(),
            manifestSizeLimit: configuration.manifestSizeLimit,
            clock: configuration.scheduleClock
        )
        let signer = try WebhookSigner(keyFile: data.webhookKeyPath)
        logger.info(
            "webhooks are signed with this Ed25519 public key (as builds.sr.ht signs; also at \(baseURL)/api/webhook-key): \(signer.publicKey)"
        )
        let environment = APIEnvironment(
            jobs: jobs,
            artifactSizeLimit: configuration.artifactSizeLimit,
            webhookSigner: signer,
            forges: ForgeDeliveries(
                jobs: jobs,
                cache: CommitCache(directory: data.forgeCachePath, limits: configuration.commitCache),
                logger: logger
            )
        )
        try await store.prepareJobPages()
        let router = Self.makeRouter(environment: environment, store: store)
        let reaper = LeaseReaper(dispatcher: dispatcher, interval: configuration.reapInterval, logger: logger) { job in
            await jobs.ended(job)
        }
        let ticker = ScheduleTicker(jobs: jobs, interval: configuration.scheduleInterval, logger: logger)
        let triggers = TriggerDispatcher(
            jobs: jobs,
            webhooks: configuration.webhooks,
            commitStatuses: configuration.commitStatuses,
            signer: signer,
            mail: configuration.mail,
            logger: logger
        )
        let pruner = Pruner(
            store: store,
            retention: configuration.retention,
            interval: configuration.pruneInterval,
            metrics: jobs.metrics,
            logger: logger
        )
        let limits = configuration.connections
        let addresses = AddressCounts(
            limit: limits.connectionsPerAddress,
            on: MultiThreadedEventLoopGroup.singleton.next()
        )
        return Application(
            router: router,
            // Long-polls (a runner's take) end when their client leaves; connections are timed and
            // counted per address (ConnectionGuard). New handlers per connection.
            server: .http1(
                configuration: .init(additionalChannelHandlers: [
                    ClientDepartureHandler(), ConnectionGuard(limits: limits, addresses: addresses),
                ])
            ),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "hck"),
            // Services stop in reverse order: the store's connection pool outlives the reaper, the
            // ticker, the triggers and the pruner.
            services: storeServices(dispatcher.doorbell) + [reaper, ticker, triggers, pruner],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Every route: the API's, the web pages', and `/api/openapi.yaml`, whose document lists the
    /// API's routes as registered here.
    static func makeRouter(environment: APIEnvironment, store: any ServerStore) -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: StoreFailureMiddleware())
        router.add(middleware: BearerAuthentication(store: store, jobs: environment.jobs))
        environment.addJobRoutes(to: router)
        environment.addLogRoutes(to: router)
        environment.addArtifactRoutes(to: router)
        environment.addRunnerRoutes(to: router)
        environment.addRunnerListRoutes(to: router)
        environment.addSecretRoutes(to: router)
        environment.addRepositoryRoutes(to: router)
        environment.addForgeRoutes(to: router)
        environment.addKeyRoutes(to: router)
        environment.addScheduleRoutes(to: router)
        environment.addSSHAccessRoutes(to: router)
        environment.addGroupRoutes(to: router)
        environment.addServiceRoutes(to: router)
        WebPages(environment: environment, pages: store, sessions: WebSessions(store: store)).addRoutes(to: router)
        environment.addOpenAPIRoute(to: router)
        return router
    }
}
