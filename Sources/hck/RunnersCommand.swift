import ArgumentParser
import CLI
import Client
import Foundation
import Wire

/// `hck runners`: the registered runners, as the /runners page shows them.
struct RunnersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runners",
        abstract: "List the runners: state, arches, images, slots, running jobs, last heard, version, KVM or TCG."
    )

    @OptionGroup var client: ClientOptions

    func run() async throws {
        let runners = try await client.client().runners()
        if runners.isEmpty { writeError("no runner has registered") }
        for runner in runners {
            print(Self.line(runner))
        }
    }

    /// One runner as a tab-separated line.
    static func line(_ runner: RunnerView) -> String {
        let running = runner.runningJobs.isEmpty ? "-" : runner.runningJobs.map { "#\($0)" }.joined(separator: ",")
        return [
            runner.name, runner.lost ? "lost" : "alive", runner.arches.joined(separator: ","),
            runner.images.joined(separator: ","), "\(runner.runningJobs.count)/\(runner.slots) slots", running,
            "heard \(runner.lastHeardAt.formatted(.iso8601))", runner.version ?? "-", runner.accelerator,
        ].joined(separator: "\t")
    }
}
