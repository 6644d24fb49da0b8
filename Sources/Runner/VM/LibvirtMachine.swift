import Foundation

/// A job VM running as a transient libvirt domain.
actor LibvirtMachine: VirtualMachine {
    nonisolated let name: DomainName
    nonisolated let sshPort: Int
    nonisolated let hostKey: String
    nonisolated let createdAt: ContinuousClock.Instant
    nonisolated let startDuration: Duration
    nonisolated let bootDuration: Duration
    nonisolated let howBooted: String
    private let connection: LibvirtConnection
    private let ports: PortAllocator
    private let directory: URL
    private let lock: OwnerLock
    private var destroyed = false
    /// Every job domain has its channel in its folder (``DomainXML/logChannel``).
    nonisolated var logChannel: String? { TaskLogChannel.socket(in: directory).path }

    init(
        name: DomainName,
        sshPort: Int,
        hostKey: String,
        createdAt: ContinuousClock.Instant,
        startDuration: Duration,
        bootDuration: Duration,
        howBooted: String,
        connection: LibvirtConnection,
        ports: PortAllocator,
        directory: URL,
        lock: OwnerLock
    ) {
        self.name = name
        self.sshPort = sshPort
        self.hostKey = hostKey
        self.createdAt = createdAt
        self.startDuration = startDuration
        self.bootDuration = bootDuration
        self.howBooted = howBooted
        self.connection = connection
        self.ports = ports
        self.directory = directory
        self.lock = lock
    }

    func destroy() async throws {
        guard !destroyed else { return }
        try await LibvirtMachine.tearDown(
            name: name,
            connection: connection,
            ports: ports,
            port: sshPort,
            directory: directory
        )
        lock.release()
        destroyed = true
    }

    /// Destroys a domain, deletes its folder (the overlay) and gives its port back; what a failed
    /// start and ``destroy()`` both do. The caller lets the owner lock go afterwards, and keeps it
    /// when this throws (the domain may still run: the next cleanup after this process ends finds
    /// it by its lock file).
    static func tearDown(
        name: DomainName,
        connection: LibvirtConnection,
        ports: PortAllocator,
        port: Int,
        directory: URL
    ) async throws {
        try await connection.destroyDomain(named: name.description)
        await ports.release(port)
        if FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.removeItem(at: directory)
        }
    }
}
