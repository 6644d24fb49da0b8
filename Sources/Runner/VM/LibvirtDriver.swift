public import Foundation
import HckCore
public import Images
public import Logging
import Manifest

/// Boots job VMs as transient libvirt/QEMU domains (see ``VMDriver``).
///
/// Each job gets a folder `<overlayRoot>/hck-job-<id>/` holding its copy-on-write overlay of the
/// image; the domain and the folder go away with ``VirtualMachine/destroy()``.
public struct LibvirtDriver: VMDriver {
    /// A domain start slower than this is reported: it usually means libvirt re-probes QEMU at
    /// every start (QEMU cannot open /dev/kvm; see scripts/host-setup.sh).
    public static let slowStart: Duration = .seconds(5)

    let connection: LibvirtConnection
    /// Where per-job folders (overlays) live.
    public let overlayRoot: URL
    let ports: PortAllocator
    private let probe: AcceleratorProbe
    let logger: Logger

    /// Connects to libvirt.
    /// - Parameters:
    ///   - uri: the libvirt URI, `qemu:///system` by default.
    ///   - overlayRoot: where per-job overlay folders go; QEMU (another user) must be able to
    ///     reach it, so it is created world-searchable.
    ///   - ports: the SSH port allocator.
    ///   - probe: the accelerator probe.
    ///   - logger: where slow starts and the accelerator are reported.
    /// - Throws: ``LibvirtError`` when libvirt cannot be reached.
    public init(
        uri: String = "qemu:///system",
        overlayRoot: URL,
        ports: PortAllocator = .shared,
        probe: AcceleratorProbe = .shared,
        logger: Logger = Logger(label: "hck.vm")
    ) async throws {
        self.connection = try await LibvirtConnection.open(uri)
        self.overlayRoot = overlayRoot
        self.ports = ports
        self.probe = probe
        self.logger = logger
        try FileManager.default.createDirectory(
            at: overlayRoot,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o755]
        )
    }

    /// The accelerator job VMs of that image use (probing on first use).
    /// - Parameter image: a built image.
    public func accelerator(for image: BuiltImage) async -> Accelerator {
        await probe.accelerator(for: image, probe: initProbe, logger: logger)
    }

    /// Boots the image's bare kernel and initrd with `init=/usr/bin/true` under this host's
    /// accelerator: the floor of any boot of the image (bench/boot compares SSH readiness to it).
    /// - Parameters:
    ///   - image: a built image.
    ///   - deadline: how long the kernel may take (a busy host slows an emulated boot many times).
    /// - Returns: the time from `virDomainCreateXML` until the kernel had run init.
    /// - Throws: ``VMError`` (`initProbe`) saying why when it did not, with the console's end;
    ///   ``LibvirtError`` when the domain cannot start.
    public func timeToInit(_ image: BuiltImage, deadline: Duration = .seconds(600)) async throws -> Duration {
        try await initProbe.measure(image, accelerator: accelerator(for: image), deadline: deadline).get()
    }

    private var initProbe: InitProbe { InitProbe(connection: connection, workDirectory: overlayRoot) }

    /// How many ports a start tries when QEMU finds its SSH port taken.
    public static let portAttempts = 3

    public func start(_ spec: VMSpec) async throws -> any VirtualMachine {
        let accelerator = await accelerator(for: spec.image)
        guard spec.boot == .restore else {
            return try await start(spec, accelerator: accelerator, from: .cold("cold boot (asked for)"))
        }
        let state: SavedState
        do {
            state = try await savedState(for: spec, accelerator: accelerator)
        } catch {
            if Task.isCancelled { throw error }
            logger.warning("\(spec.domainName): no saved state of \(spec.image.metadata.name): \(error)")
            return try await start(spec, accelerator: accelerator, from: .cold("cold boot: no saved state (\(error))"))
        }
        do {
            return try await start(spec, accelerator: accelerator, from: .saved(state))
        } catch {
            if Task.isCancelled { throw error }
            logger.warning("\(spec.domainName): the restore failed, the job cold-boots: \(error)")
            discardSavedState(state, of: spec.image)
            return try await start(
                spec,
                accelerator: accelerator,
                from: .cold(
                    "cold boot: the restore from the saved state failed (\(error)); the state will be made again"
                )
            )
        }
    }

    /// Where a VM comes from: a cold boot (and why), or a saved state.
    enum Origin {
        case cold(String)
        case saved(SavedState)
    }

    private func start(_ spec: VMSpec, accelerator: Accelerator, from origin: Origin) async throws -> any VirtualMachine
    {
        let name = spec.domainName
        let directory = overlayRoot.appendingPathComponent(name.description)
        let lockFile = OwnerLock.file(for: name, in: overlayRoot)
        guard let lock = try OwnerLock.acquire(lockFile) else {
            throw VMError(
                .inUse,
                "another live process owns \(name) (it holds \(lockFile.path)); each job needs its own ID in \(overlayRoot.path)"
            )
        }
        var attempt = 0
        while true {
            attempt += 1
            let port = try await ports.allocate()
            do {
                let place = Placement(port: port, directory: directory, lock: lock)
                switch origin {
                case .cold(let why):
                    return try await boot(spec, accelerator: accelerator, place: place, howBooted: why)
                case .saved(let state):
                    return try await restore(spec, from: state, place: place)
                }
            } catch {
                // A start cut short by cancellation must still tear down, and libvirt's thread pool
                // refuses work from a cancelled task: the teardown runs in its own task, awaited here.
                let connection = self.connection
                let ports = self.ports
                let tornDown = await Task {
                    try await LibvirtMachine.tearDown(
                        name: name,
                        connection: connection,
                        ports: ports,
                        port: port,
                        directory: directory
                    )
                }.result
                // What could not be torn down stays locked, so no one else takes it for theirs.
                guard case .success = tornDown else { throw error }
                // The port was free when it was picked, but another program may bind it before
                // QEMU does: then QEMU cannot forward it, and another port is worth a try.
                if attempt < Self.portAttempts, Self.lostItsPort(error, port: port), !Task.isCancelled {
                    logger.warning("\(name): port \(port) was taken before QEMU could forward it; trying another port")
                    continue
                }
                lock.release()
                throw error
            }
        }
    }

    /// Whether a start failed because QEMU could not listen on the SSH port: libvirt passes on QEMU's
    /// complaint, or, when QEMU exited before libvirt reached its monitor (libvirt then says only
    /// that the monitor refused it), another program holds the port now that QEMU is gone.
    static func lostItsPort(_ error: any Error, port: Int) -> Bool {
        guard let error = error as? LibvirtError else { return false }
        if error.message.contains("host forwarding rule") && error.message.contains(":\(port)-") { return true }
        return PortAllocator.isHeld(port)
    }

    /// A VM's port, folder and owner lock, chosen before it starts.
    struct Placement {
        var port: Int
        var directory: URL
        var lock: OwnerLock

        /// Makes the VM's folder with its overlay on `base`, and clears the console file.
        /// - Returns: the overlay.
        func prepare(_ spec: VMSpec, overlayOn base: URL) async throws -> URL {
            let fileManager = FileManager.default
            try fileManager.createDirectory(
                at: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o755]
            )
            let overlay = directory.appendingPathComponent("root.qcow2")
            try await QemuImage.createOverlay(overlay, backedBy: base)
            try fileManager.createDirectory(
                at: spec.consoleLog.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try? fileManager.removeItem(at: spec.consoleLog)
            return overlay
        }
    }

    private func boot(
        _ spec: VMSpec,
        accelerator: Accelerator,
        place: Placement,
        howBooted: String
    ) async throws -> any VirtualMachine {
        let (port, directory, lock) = (place.port, place.directory, place.lock)
        let overlay = try await place.prepare(spec, overlayOn: spec.image.disk)

        let xml = DomainXML(
            name: spec.domainName.description,
            accelerator: accelerator,
            arch: spec.image.arch ?? .amd64,
            memoryMiB: spec.memoryMiB,
            cpus: spec.cpus,
            kernel: spec.image.kernel.path,
            initrd: spec.image.initrd.path,
            commandLine: spec.kernelCommandLine,
            disk: overlay.path,
            consoleLog: spec.consoleLog.path,
            sshPort: port,
            logChannel: TaskLogChannel.socket(in: directory).path
        )
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await connection.createDomain(xml: xml.render())
        let startDuration = clock.now - start
        if startDuration > Self.slowStart {
            logger.warning(
                "starting \(spec.domainName) took \(startDuration.secondsText): libvirt is probably re-probing QEMU at every start (can QEMU open /dev/kvm? run scripts/host-setup.sh)"
            )
        }

        let name = spec.domainName.description
        let hostKey = try await hostKey(of: spec, since: start)
        logger.info(
            "\(name) up: ssh on 127.0.0.1:\(port), \(accelerator), domain start \(startDuration.secondsText), host key after \((clock.now - start).secondsText)"
        )
        return LibvirtMachine(
            name: spec.domainName,
            sshPort: port,
            hostKey: hostKey,
            createdAt: start,
            startDuration: startDuration,
            bootDuration: clock.now - start,
            howBooted: howBooted,
            connection: connection,
            ports: ports,
            directory: directory,
            lock: lock
        )
    }

    /// Waits for the guest's console to print its host key.
    /// - Parameters:
    ///   - spec: the VM (its console file, domain name and boot timeout).
    ///   - start: when its domain was started.
    /// - Throws: ``VMError`` (`bootTimeout`, `guestStopped`) with the console's end.
    func hostKey(of spec: VMSpec, since start: ContinuousClock.Instant) async throws -> String {
        let console = ConsoleLog(file: spec.consoleLog)
        let name = spec.domainName.description
        let connection = self.connection
        let hostKey = try await console.wait(
            until: start.advanced(by: spec.bootTimeout),
            stillRunning: { try await connection.isRunning(named: name) },
            found: console.hostKey
        )
        if let hostKey { return hostKey }
        let running = (try? await connection.isRunning(named: name)) ?? false
        throw running
            ? VMError(
                .bootTimeout,
                "\(name) printed no host key within \(spec.bootTimeout); the console (\(spec.consoleLog.path)) ends:\n\(console.tail())"
            )
            : VMError(
                .guestStopped,
                "\(name) stopped before printing its host key; the console (\(spec.consoleLog.path)) ends:\n\(console.tail())"
            )
    }
}
