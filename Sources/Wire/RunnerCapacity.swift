public import Foundation

/// What a runner node can run, as it declares when it registers.
public struct RunnerCapacity: Sendable, Hashable, Codable {
    /// Architectures it boots (e.g. `x86_64`).
    public var arches: [String]
    /// Images it has built (e.g. `debian/stable`).
    public var images: [String]
    /// Whether it has KVM (otherwise TCG, much slower).
    public var kvm: Bool
    /// How many jobs it runs at once.
    public var slots: Int
    /// Whether its guests are kept off its host and private networks (false only when its
    /// operator started it with `--no-guest-isolation`, or it is older than the isolation).
    public var guestsIsolated: Bool
    /// The hck version the runner runs (nil from runners older than this field).
    public var version: String?

    /// Creates a capacity declaration.
    /// - Parameters:
    ///   - arches: architectures.
    ///   - images: image names.
    ///   - kvm: whether KVM is available.
    ///   - slots: concurrent jobs.
    ///   - guestsIsolated: whether its guests are isolated.
    ///   - version: the hck version the runner runs.
    public init(
        arches: [String],
        images: [String],
        kvm: Bool,
        slots: Int,
        guestsIsolated: Bool = true,
        version: String? = nil
    ) {
        self.arches = arches
        self.images = images
        self.kvm = kvm
        self.slots = slots
        self.guestsIsolated = guestsIsolated
        self.version = version
    }

    private enum CodingKeys: String, CodingKey {
        case arches, images, kvm, slots, guestsIsolated, version
    }

    /// Decodes a declaration; one that does not say whether its guests are isolated (a runner
    /// older than the isolation) is taken as not isolated.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arches = try container.decode([String].self, forKey: .arches)
        images = try container.decode([String].self, forKey: .images)
        kvm = try container.decode(Bool.self, forKey: .kvm)
        slots = try container.decode(Int.self, forKey: .slots)
        guestsIsolated = try container.decodeIfPresent(Bool.self, forKey: .guestsIsolated) ?? false
        version = try container.decodeIfPresent(String.self, forKey: .version)
    }

    /// Whether this runner can run a job for `image` on `arch`.
    /// - Parameters:
    ///   - image: the job's image.
    ///   - arch: the job's architecture.
    public func offers(image: String, arch: String) -> Bool {
        images.contains(image) && arches.contains(arch)
    }
}

/// A registered runner node.
public struct RunnerRecord: Sendable, Hashable, Codable {
    /// Its name, unique.
    public var name: String
    /// What it can run.
    public var capacity: RunnerCapacity
    /// When the server last heard from it, as the store recorded (nil in a record not read from a store).
    public var lastHeardAt: Date?

    /// Creates a runner record.
    /// - Parameters:
    ///   - name: its name.
    ///   - capacity: what it can run.
    ///   - lastHeardAt: when it was last heard from.
    public init(name: String, capacity: RunnerCapacity, lastHeardAt: Date? = nil) {
        self.name = name
        self.capacity = capacity
        self.lastHeardAt = lastHeardAt
    }

}
