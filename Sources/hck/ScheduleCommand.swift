import ArgumentParser
import CLI
import Client
import Foundation
import Wire

/// `hck schedule add|list|rm`.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract:
            "Manage your schedules: manifests the server submits as one job group at each tick of a cron expression.",
        subcommands: [ScheduleAddCommand.self, ScheduleListCommand.self, ScheduleRemoveCommand.self]
    )
}

/// `hck schedule list`.
struct ScheduleListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List your schedules: name, cron expression (UTC), manifests, last and next tick, tags."
    )

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let formatter = ISO8601DateFormatter()
        for schedule in try await client.client().schedules() {
            let ticks = [schedule.lastTick, schedule.nextTick].map { $0.map(formatter.string(from:)) ?? "-" }
            let manifests = "\(schedule.manifestCount) manifest\(schedule.manifestCount == 1 ? "" : "s")"
            let tags = schedule.tags.isEmpty ? "-" : schedule.tags.joined(separator: "/")
            print(
                [schedule.name, schedule.cron, manifests, "last \(ticks[0])", "next \(ticks[1])", tags]
                    .joined(separator: "\t")
            )
        }
    }
}

/// `hck schedule rm NAME`.
struct ScheduleRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove one of your schedules.")

    @OptionGroup var client: ClientOptions

    @Argument(help: "The schedule's name, as `hck schedule list` shows it.")
    var name: String

    func run() async throws {
        try await client.client().removeSchedule(name)
        print("removed schedule \(name)")
    }
}
