public import Client
import Foundation
import HckCore
import Images
public import Logging
public import Runner
public import ServiceLifecycle
import Wire

/// A runner node (`hck runner`, and the runner inside `hck up`): registers this machine's
/// capacity with a server, takes jobs, runs each in its own VM and reports everything back.
///
/// It keeps no state that matters: the server is the source of truth. At start it removes what
/// a crashed node on the same work folder left (domains, overlays). On graceful shutdown
/// (SIGTERM) it drains: it takes no new job and lets the running ones finish for up to
/// ``Configuration/drainTimeout``, then stops those still running and hands them back to the queue.
/// Cancellation (a second signal, or the group's cancellation) cancels them and their VMs are destroyed.
public struct RunnerNode: Service {
    /// The server, with this runner's token.
    public let client: APIClient
    /// Boots the VMs.
    public let driver: LibvirtDriver
    /// How jobs are run (images, sizes, folders, limits).
    public let jobs: RunnerConfiguration
    /// How jobs are taken and reported.
    public let configuration: Configuration
    /// What holds a VM kept for SSH (`shell: true`); the SSH gateway plugs in here.
    public let keepAlive: any KeepAliveHook
    /// What the node counts and times, for `--metrics-listen`.
    public let metrics: RunnerMetrics
    /// Where the node reports what it does.
    public let logger: Logger

    /// Creates a runner node.
    /// - Parameters:
    ///   - client: the server, with a runner token (`hck admin runner-token NAME`).
    ///   - driver: the libvirt driver; its overlay folder must be this node's alone.
    ///   - jobs: how jobs are run.
    ///   - configuration: how jobs are taken and reported.
    ///   - keepAlive: what holds kept VMs.
    ///   - metrics: where its jobs are counted and timed (served by a ``MetricsEndpoint`` if wanted).
    ///   - logger: the node's log.
    public init(
        client: APIClient,
        driver: LibvirtDriver,
        jobs: RunnerConfiguration,
        configuration: Configuration = Configuration(),
        keepAlive: any KeepAliveHook = TimedKeepAlive(),
        metrics: RunnerMetrics = RunnerMetrics(),
        logger: Logger = Logger(label: "hck.runner")
    ) {
        self.client = client
        self.driver = driver
        self.jobs = jobs
        self.configuration = configuration
        self.keepAlive = keepAlive
        self.metrics = metrics
        self.logger = logger
    }

    /// Cleans up, registers, then takes and runs jobs until shutdown.
    public func run() async throws {
        let runner = JobRunner(driver: driver, configuration: jobs, logger: logger)
        try await runner.removeLeftovers()
        let capacity = try await probeCapacity()
        try await register(capacity)
        let registered = RegisteredCapacity(capacity)
        let activity = NodeActivity()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await watchImages(registered: registered) }
            group.addTask { await drain(activity) }
            // The slots end once shutdown began and their jobs ended (or went back): then so does the drain.
            try await withThrowingDiscardingTaskGroup { slots in
                for slot in 1...max(1, configuration.slots) {
                    slots.addTask {
                        try await takeJobs(slot: slot, runner: runner, registered: registered, activity: activity)
                    }
                }
            }
            group.cancelAll()
        }
        logger.info("runner node stopped")
    }

    /// From graceful shutdown on, lets running jobs go on for ``Configuration/drainTimeout``, then hands
    /// back those still running. Cancelled when they all ended before.
    private func drain(_ activity: NodeActivity) async {
        try? await gracefulShutdown()
        guard !Task.isCancelled else { return }
        let running = await activity.running
        let timeout = configuration.drainTimeout
        if !running.isEmpty {
            logger.notice(
                "shutting down: no new jobs are taken; running job(s) \(running.map { String($0) }.joined(separator: ", ")) may finish within \(timeout) (--drain-timeout), then go back to the queue (cancel the node to stop them now: they end cancelled and their VMs are destroyed)"
            )
        } else {
            logger.notice("shutting down: no new jobs are taken")
        }
        try? await Task.sleep(for: timeout)
        guard !Task.isCancelled else { return }
        let left = await activity.handBack()
        if !left.isEmpty {
            logger.notice(
                "the drain ran out: stopping job(s) \(left.map { String($0) }.joined(separator: ", ")) and handing them back to the queue"
            )
        }
    }

    /// What to register: the built images (with the catalog's aliases), arches, KVM, slots.
    func probeCapacity() async throws -> RunnerCapacity {
        let built = NodeCapacity.builtImages(in: jobs.imageStore)
        guard let first = built.first else {
            throw NodeError(
                .noImages,
                "no built image in \(jobs.imageStore.root.path): build one with `hck image build debian/bookworm --arch amd64` (or set --image-dir / HCK_IMAGE_DIR)"
            )
        }
        logger.info("checking whether KVM works here (boots \(first.name)'s kernel once)…")
        let image = try jobs.imageStore.image(name: first.name, arch: first.arch)
        let accelerator = await driver.accelerator(for: image)
        return offeredCapacity(kvm: accelerator == .kvm)
    }

    /// What this node offers now: its built images (re-read each time), KVM as probed, its slots.
    func offeredCapacity(kvm: Bool) -> RunnerCapacity {
        NodeCapacity.capacity(
            store: jobs.imageStore,
            catalog: jobs.catalog,
            kvm: kvm,
            slots: configuration.slots,
            guestsIsolated: configuration.guestsIsolated
        )
    }

    /// Registers, waiting for the server while it is unreachable (it may be starting).
    func register(_ capacity: RunnerCapacity) async throws {
        let client = client
        do {
            try await retryingWhileUnreachable("register with \(client.baseURL.absoluteString)", logger: logger) {
                try await client.register(capacity)
            }
        } catch let error as ClientError {
            throw NodeError(.refused, "the server at \(client.baseURL.absoluteString) refused this runner: \(error)")
        }
        logger.info(
            "registered with \(client.baseURL.absoluteString): images \(capacity.images.joined(separator: ", ")); arches \(capacity.arches.joined(separator: ", ")); \(capacity.kvm ? "KVM" : "no KVM (TCG)"); \(capacity.slots) slot(s); \(capacity.guestsIsolated ? "guests isolated" : "GUESTS NOT ISOLATED (--no-guest-isolation): jobs reach this host and its networks")"
        )
    }
}
