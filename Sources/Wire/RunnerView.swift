public import Foundation

/// A registered runner as `GET /api/runners`, the /runners page and `hck runners` show it.
public struct RunnerView: Sendable, Hashable, Codable {
    /// Its name (its token's user).
    public var name: String
    /// Architectures it boots.
    public var arches: [String]
    /// Images it offers.
    public var images: [String]
    /// How many jobs it runs at once.
    public var slots: Int
    /// The jobs it runs now.
    public var runningJobs: [Int64]
    /// When the server last heard from it (registration, a take or a heartbeat).
    public var lastHeardAt: Date
    /// The hck version it runs, when it said (runners older than this field do not).
    public var version: String?
    /// Whether its guests get KVM; otherwise they run under TCG, much slower.
    public var kvm: Bool
    /// Whether its guests are kept off its host and private networks.
    public var guestsIsolated: Bool
    /// Whether it has not been heard from for two leases.
    public var lost: Bool

    /// Creates a view.
    public init(
        name: String,
        arches: [String],
        images: [String],
        slots: Int,
        runningJobs: [Int64],
        lastHeardAt: Date,
        version: String?,
        kvm: Bool,
        guestsIsolated: Bool,
        lost: Bool
    ) {
        self.name = name
        self.arches = arches
        self.images = images
        self.slots = slots
        self.runningJobs = runningJobs
        self.lastHeardAt = lastHeardAt
        self.version = version
        self.kvm = kvm
        self.guestsIsolated = guestsIsolated
        self.lost = lost
    }

    /// `KVM` or `TCG`: how its guests are accelerated.
    public var accelerator: String { kvm ? "KVM" : "TCG" }
}
