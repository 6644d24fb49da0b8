import ArgumentParser
import CLI
import Client
import Foundation
import Gateway
import HckCore
import HckMetrics
import Images
import Logging
import Node
import Runner
import Server
import Store
import Wire

/// What `hck runner` and `hck up` share: where images and per-job files are, how big VMs are,
/// and how many run at once.
struct RunnerOptions: ParsableArguments {
    @Option(help: "How many jobs run at once (each in its own VM).")
    var slots = 1

    @OptionGroup var images: ImageOptions

    @Option(help: "This runner's own folder for per-job files and VM overlays (QEMU must reach it).")
    var workDir: String?

    @OptionGroup var size: VMSizeOptions

    @OptionGroup var boot: BootOption

    @Option(help: "A job's deadline, e.g. 90s, 30m, 1h.")
    var timeout = "45m"

    @Option(
        help: """
            On SIGTERM, how long running jobs may go on finishing, e.g. 45m (then they are stopped and handed back \
            to the queue). contrib/systemd's TimeoutStopSec must be longer.
            """
    )
    var drainTimeout = "45m"

    @Option(
        help: "How long a failed job keeps its VM for its owner to look around over SSH, e.g. 10m (0s: not at all)."
    )
    var failedKeep = "10m"

    @Option(help: "Where the SSH gateway listens (HOST:PORT): users reach their kept VMs there (`hck ssh`).")
    var sshListen = "127.0.0.1:2222"

    @Option(help: "The host name users' ssh connects to (default: the --ssh-listen address).")
    var sshHost: String?

    @Flag(help: "Run no SSH gateway: kept VMs just wait out their time.")
    var noSSH = false

    @Option(
        help:
            "The OpenPGP key server that manifests' repository keys are fetched from (default hkps://keyserver.ubuntu.com); allow guests to reach it."
    )
    var keyServer: String?

    @Option(
        help: """
            Serve this node's Prometheus metrics (VM boot times, jobs, log bytes sent) at \
            http://HOST:PORT/metrics, e.g. 127.0.0.1:9100 (default: not served).
            """
    )
    var metricsListen: String?

    @OptionGroup var isolation: GuestIsolationOptions

    func validate() throws {
        if let metricsListen, ListenAddress(metricsListen) == nil {
            throw ValidationError("--metrics-listen \(metricsListen): write HOST:PORT, e.g. 127.0.0.1:9100")
        }
        guard slots >= 1 else { throw ValidationError("--slots \(slots): run at least one job at a time (1 or more)") }
        guard Duration(parsingTimeout: timeout) != nil else {
            throw ValidationError("--timeout \(timeout): write a number with s, m or h, e.g. 90s, 30m, 1h")
        }
        guard Duration(parsingTimeout: drainTimeout) != nil || drainTimeout == "0s" || drainTimeout == "0" else {
            throw ValidationError(
                "--drain-timeout \(drainTimeout): write a number with s, m or h, e.g. 45m, or 0s to hand jobs back at once"
            )
        }
        guard Duration(parsingTimeout: failedKeep) != nil || failedKeep == "0s" || failedKeep == "0" else {
            throw ValidationError(
                "--failed-keep \(failedKeep): write a number with s, m or h, e.g. 10m, or 0s for not at all"
            )
        }
        if let keyServer, !["hkp://", "hkps://", "http://", "https://"].contains(where: keyServer.hasPrefix) {
            throw ValidationError(
                "--key-server \(keyServer): write a key server URL, e.g. hkps://keyserver.ubuntu.com or hkp://10.0.2.2:11371"
            )
        }
        guard ListenAddress(sshListen) != nil else {
            throw ValidationError("--ssh-listen \(sshListen): write HOST:PORT, e.g. 127.0.0.1:2222")
        }
    }

    /// The SSH gateway for a runner working in `work`, or nil with --no-ssh.
    func gateway(client: APIClient, work: URL, logger: Logger) throws -> SSHGateway? {
        guard !noSSH, let address = ListenAddress(sshListen) else { return nil }
        var configuration = SSHGateway.Configuration(hostKeyFile: work.appendingPathComponent("gateway_host_key"))
        configuration.host = address.host
        configuration.port = address.port
        configuration.advertisedHost = sshHost
        return try SSHGateway(configuration: configuration, authority: ServerAuthority(client: client), logger: logger)
    }

    /// The runner node for a server, working in `defaultWorkDirectory` unless --work-dir says otherwise,
    /// and its SSH gateway (a service to run beside it), unless --no-ssh.
    /// - Parameters:
    ///   - network: what the guests reach: whether they are isolated, as the node
    ///     registers, and the host's package cache.
    ///   - metrics: where the node counts and times its jobs.
    func node(
        client: APIClient,
        defaultWorkDirectory: String,
        network: GuestNetwork,
        metrics: RunnerMetrics = RunnerMetrics(),
        logger: Logger
    ) async throws -> (node: RunnerNode, gateway: SSHGateway?) {
        let work = URL(fileURLWithPath: workDir ?? defaultWorkDirectory)
        var jobs = RunnerConfiguration(
            imageStore: images.locations.imageStore,
            catalog: try images.locations.loadCatalog(),
            workDirectory: work.appendingPathComponent("jobs")
        )
        jobs.memoryMiB = size.memory
        jobs.cpus = size.cpus
        jobs.boot = boot.mode
        jobs.jobTimeout = Duration(parsingTimeout: timeout) ?? jobs.jobTimeout
        jobs.failedKeepAlive = Duration(parsingTimeout: failedKeep).flatMap { $0 > .zero ? $0 : nil }
        jobs.keyServer = keyServer
        jobs.packageCache = network.packageCache
        let driver = try await LibvirtDriver(overlayRoot: work.appendingPathComponent("overlays"), logger: logger)
        var configuration = RunnerNode.Configuration()
        configuration.slots = slots
        configuration.guestsIsolated = network.isolated
        configuration.drainTimeout = Duration(parsingTimeout: drainTimeout) ?? .zero
        let gateway = try gateway(client: client, work: work, logger: logger)
        let node = RunnerNode(
            client: client,
            driver: driver,
            jobs: jobs,
            configuration: configuration,
            keepAlive: gateway.map { $0 as any KeepAliveHook } ?? TimedKeepAlive(),
            metrics: metrics,
            logger: logger
        )
        return (node, gateway)
    }
}

extension Logger {
    /// A logger at info level with this label.
    static func informational(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .info
        return logger
    }
}

extension RunnerOptions {
    /// The endpoint serving `metrics` at `--metrics-listen`, bound; nil without the option.
    func metricsEndpoint(_ metrics: RunnerMetrics, logger: Logger) async throws -> MetricsEndpoint? {
        guard let metricsListen, let address = ListenAddress(metricsListen) else { return nil }
        do {
            return try await MetricsEndpoint.bind(
                host: address.host,
                port: address.port,
                registry: metrics.registry,
                logger: logger
            )
        } catch {
            throw MetricsEndpointError(error.code, "--metrics-listen \(metricsListen): \(error.message)")
        }
    }
}
