public import Foundation

/// `POST /api/schedules`: manifests the server submits as one job group at each tick of a cron
/// expression, for the caller.
public struct ScheduleRequest: Codable, Sendable, Hashable {
    /// The schedule's name, unique among the caller's (letters, digits, `.`, `_`, `-`).
    public var name: String
    /// When it runs: a cron expression (``CronSchedule``), in UTC.
    public var cron: String
    /// The manifests' YAML texts, submitted together at each tick.
    public var manifests: [String]
    /// The jobs' tags.
    public var tags: [String]?
    /// The jobs' note; the server adds which tick submitted them.
    public var note: String?

    /// Makes one from its fields.
    public init(name: String, cron: String, manifests: [String], tags: [String]? = nil, note: String? = nil) {
        self.name = name
        self.cron = cron
        self.manifests = manifests
        self.tags = tags
        self.note = note
    }
}

/// A schedule as the API shows it.
public struct ScheduleView: Codable, Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its cron expression, in UTC.
    public var cron: String
    /// How many manifests each tick submits.
    public var manifestCount: Int
    /// The jobs' tags.
    public var tags: [String]
    /// The jobs' own note.
    public var note: String?
    /// When it was added.
    public var created: Date
    /// The last tick a server submitted, if any yet.
    public var lastTick: Date?
    /// The next tick to come, if the expression has one within the years ahead.
    public var nextTick: Date?

    /// Makes one from its fields.
    public init(
        name: String,
        cron: String,
        manifestCount: Int,
        tags: [String],
        note: String?,
        created: Date,
        lastTick: Date?,
        nextTick: Date?
    ) {
        self.name = name
        self.cron = cron
        self.manifestCount = manifestCount
        self.tags = tags
        self.note = note
        self.created = created
        self.lastTick = lastTick
        self.nextTick = nextTick
    }
}
