/// A running job VM, ready for SSH once its host key is known.
public protocol VirtualMachine: Sendable {
    /// The libvirt domain name, `hck-job-<id>`.
    var name: DomainName { get }
    /// The port on 127.0.0.1 forwarded to the guest's SSH port.
    var sshPort: Int { get }
    /// The guest's fresh host key, as its console printed it: `ssh-ed25519 AAAA… [comment]`.
    var hostKey: String { get }
    /// When `virDomainCreateXML` was called for it.
    var createdAt: ContinuousClock.Instant { get }
    /// How long the domain start (`virDomainCreateXML`) took.
    var startDuration: Duration { get }
    /// How long from the domain start until the guest printed its host key.
    var bootDuration: Duration { get }
    /// How it came up, for the setup log: restored from a saved state, or a cold boot and why.
    var howBooted: String { get }
    /// The socket of the guest's `org.hck.log` channel (``TaskLogChannel``) on this host, or `nil`
    /// when the machine has none and the task shell's output comes through SSH.
    var logChannel: String? { get }

    /// Destroys the domain and deletes its overlay; safe to call more than once.
    func destroy() async throws
}

extension VirtualMachine {
    /// A cold boot, unless the machine says otherwise.
    public var howBooted: String { "cold boot" }
    /// No log channel, unless the machine says otherwise.
    public var logChannel: String? { nil }
}

/// Starts and cleans up job VMs: the seam between the runner and a hypervisor.
public protocol VMDriver: Sendable {
    /// Boots a job's VM and waits until it printed its host key.
    /// - Parameter spec: what to boot.
    /// - Returns: the running machine; the caller must `destroy()` it.
    func start(_ spec: VMSpec) async throws -> any VirtualMachine

    /// Destroys the domains and overlays a crashed runner left behind, leaving VMs that a live
    /// process owns.
    /// - Returns: what was removed (and what was left in use), for the log.
    func removeLeftovers() async throws -> Leftovers
}

/// What ``VMDriver/removeLeftovers()`` removed.
public struct Leftovers: Sendable, Hashable {
    /// Domains destroyed, by name.
    public var domains: [String]
    /// Overlay folders deleted, by path.
    public var overlays: [String]
    /// Domains left alone because a live process owns them, by name.
    public var inUse: [String]

    /// Creates a record of removed leftovers.
    /// - Parameters:
    ///   - domains: domain names.
    ///   - overlays: folder paths.
    ///   - inUse: domain names left to their live owners.
    public init(domains: [String] = [], overlays: [String] = [], inUse: [String] = []) {
        self.domains = domains
        self.overlays = overlays
        self.inUse = inUse
    }

    /// Whether nothing was removed (VMs in use are not leftovers).
    public var isEmpty: Bool { domains.isEmpty && overlays.isEmpty }
}
