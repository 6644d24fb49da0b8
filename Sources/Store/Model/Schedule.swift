public import Foundation

/// A user's schedule: manifests the server submits as one group at each tick of a cron expression.
public struct Schedule: Sendable, Hashable {
    /// The schedule's id.
    public var id: Int64
    /// Who the jobs are submitted for.
    public var owner: String
    /// Its name, unique among the owner's schedules.
    public var name: String
    /// The cron expression (`CronSchedule`), in UTC.
    public var cron: String
    /// The manifests' texts, submitted in this order.
    public var manifests: [String]
    /// The jobs' tags.
    public var tags: [String]
    /// The jobs' note, if any.
    public var note: String?
    /// When it was added: its first tick comes after this.
    public var createdAt: Date
    /// The last tick a server claimed, or `nil` before the first.
    public var lastTick: Date?

    /// Makes one from its fields.
    public init(
        id: Int64,
        owner: String,
        name: String,
        cron: String,
        manifests: [String],
        tags: [String],
        note: String?,
        createdAt: Date,
        lastTick: Date?
    ) {
        self.id = id
        self.owner = owner
        self.name = name
        self.cron = cron
        self.manifests = manifests
        self.tags = tags
        self.note = note
        self.createdAt = createdAt
        self.lastTick = lastTick
    }
}
