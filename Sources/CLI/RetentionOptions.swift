public import ArgumentParser
public import Server

/// How long ended jobs' data is kept: what `hck server`, `hck up` and `hck admin prune` share.
package struct RetentionOptions: ParsableArguments {
    /// Options as ArgumentParser makes them.
    package init() {}

    @Option(help: "Days an ended job's artifacts are kept, or 'never' to keep them for ever.")
    package var keepArtifactsDays = RetentionDays(days: 90)

    @Option(help: "Days an ended job's logs are kept, or 'never'.")
    package var keepLogsDays = RetentionDays.forever

    @Option(help: "Days an ended job is kept at all (with its logs and artifacts), or 'never'.")
    package var keepJobsDays = RetentionDays.forever

    /// The retention these options say.
    package var retention: Retention {
        var retention = Retention()
        retention.artifacts = keepArtifactsDays.duration
        retention.logs = keepLogsDays.duration
        retention.jobs = keepJobsDays.duration
        return retention
    }
}

/// A number of days (0 to 36500), or `never` (kept for ever).
package struct RetentionDays: ExpressibleByArgument, Sendable {
    /// The days, or nil for ever.
    package let days: Int?

    /// Kept for ever.
    package static let forever = RetentionDays(days: nil)

    /// Wraps a number of days (nil: for ever).
    package init(days: Int?) {
        self.days = days
    }

    package init?(argument: String) {
        if argument == "never" {
            days = nil
        } else if let days = Int(argument), (0...36_500).contains(days) {
            self.days = days
        } else {
            return nil
        }
    }

    package var defaultValueDescription: String { days.map(String.init) ?? "never" }

    /// The days as a duration, or nil.
    var duration: Duration? { days.map { .seconds($0 * 86_400) } }
}
