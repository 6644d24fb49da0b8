import Foundation
import ServerBenchSupport

/// Prints each run as it ends and, at the end, every configuration against the SQLite baseline, the
/// CPU the bursts used, and the goal (the most servers give ≥ 2× one server's submissions per
/// second on PostgreSQL) with what stood in its way when it was missed.
struct ScaleReport {
    let cores: Int

    /// One run's line.
    func run(round: Int, _ configuration: Configuration, _ outcome: ScaleOutcome) {
        let cpu = outcome.cpu
        print(
            "round \(round), \(configuration.label): \(outcome.jobs) submissions in \(fixed(outcome.seconds, 2)) s = "
                + "\(fixed(outcome.rate, 0))/s; the runners took and ended them in \(fixed(outcome.drainSeconds, 2)) s; "
                + "dispatch p50 \(fixed(outcome.dispatch.p50, 1)) ms, p99 \(fixed(outcome.dispatch.p99, 1)) ms "
                + "(\(outcome.latencies.count) samples); CPU s during the burst: servers "
                + "\(cpu.servers.map { fixed($0, 2) }.joined(separator: " + ")), PostgreSQL \(fixed(cpu.postgres, 2)), "
                + "generator \(fixed(cpu.generator, 2)), other processes \(fixed(cpu.others, 2)); "
                + "machine \(percent(cpu.machineBusy / cpu.machineTotal)) busy"
        )
    }

    /// The summary of every round.
    func summary(_ outcomes: [(Configuration, ScaleOutcome)]) {
        guard let baseline = outcomes.first(where: { !$0.0.postgres })?.1 else { return }
        print("\nAll rounds together (× SQLite: against one server on SQLite in the same run):")
        print("| configuration | submissions/s | × SQLite | dispatch p50 | × SQLite | dispatch p99 | × SQLite |")
        print("|---|---|---|---|---|---|---|")
        for (configuration, outcome) in outcomes {
            let (p50, p99) = (outcome.dispatch.p50, outcome.dispatch.p99)
            print(
                "| \(configuration.label) | \(fixed(outcome.rate, 0)) | \(fixed(outcome.rate / baseline.rate, 2)) "
                    + "| \(fixed(p50, 1)) ms | \(fixed(p50 / baseline.dispatch.p50, 2)) "
                    + "| \(fixed(p99, 1)) ms | \(fixed(p99 / baseline.dispatch.p99, 2)) |"
            )
        }
        print("\nCPU during the bursts (cores busy on average over the burst; our processes' core-ms a submission):")
        print(
            "| configuration | hck servers | PostgreSQL | generator | other processes | machine busy | ours a submission |"
        )
        print("|---|---|---|---|---|---|---|")
        for (configuration, outcome) in outcomes {
            let cpu = outcome.cpu
            print(
                "| \(configuration.label) | \(share(cpu.servers.reduce(0, +), outcome)) | "
                    + "\(share(cpu.postgres, outcome)) | \(share(cpu.generator, outcome)) | \(share(cpu.others, outcome)) "
                    + "| \(percent(cpu.machineBusy / cpu.machineTotal)) of \(self.cores) cores "
                    + "| \(fixed(cpu.ours * 1000 / Double(outcome.jobs), 2)) ms |"
            )
        }
        goal(outcomes.filter(\.0.postgres))
    }

    /// The most servers against one, both on PostgreSQL, and what stood in the way of 2×.
    private func goal(_ postgres: [(Configuration, ScaleOutcome)]) {
        guard let first = postgres.first, let last = postgres.last, last.0.servers > first.0.servers else { return }
        let (single, (most, many)) = (first.1, last)
        let ratio = many.rate / single.rate
        print(
            "\nGoal: \(most.servers) servers give ≥ 2× one server's submissions/s (PostgreSQL): "
                + "\(fixed(many.rate, 0))/s against \(fixed(single.rate, 0))/s = \(fixed(ratio, 2))× — "
                + (ratio >= 2 ? "met" : "NOT met")
        )
        guard ratio < 2 else { return }
        let busy = many.cpu.machineBusy / many.cpu.machineTotal
        let cost = many.cpu.ours * 1000 / Double(many.jobs)
        let bound = Double(cores) * 1000 / cost
        let seconds = many.seconds
        print(
            "What stood in the way, measured: during the \(most.servers)-server bursts the machine's \(cores) cores were "
                + "\(percent(busy)) busy (hck servers \(fixed(many.cpu.servers.reduce(0, +) / seconds, 2)), PostgreSQL "
                + "\(fixed(many.cpu.postgres / seconds, 2)), the generator \(fixed(many.cpu.generator / seconds, 2)), "
                + "other processes \(fixed(many.cpu.others / seconds, 2)) cores); with one server "
                + "\(percent(single.cpu.machineBusy / single.cpu.machineTotal))."
        )
        guard busy >= 0.9 else {
            return print(
                "The cores were not saturated, so the CPU is not what held it back; these figures do not say what did."
            )
        }
        print(
            "The CPU was saturated. A submission cost our processes \(fixed(cost, 2)) core-ms with \(most.servers) servers "
                + "against \(fixed(single.cpu.ours * 1000 / Double(single.jobs), 2)) with one, so \(cores) cores carry at "
                + "most \(fixed(bound, 0))/s even with nothing else running: \(fixed(bound / single.rate, 2))× one "
                + "server's \(fixed(single.rate, 0))/s. "
                + (bound / single.rate < 2
                    ? "More servers on the same cores cannot reach 2× here: it needs more cores than this machine has."
                    : "The other processes' share of the cores is what stood between this run and 2×.")
        )
    }

    /// CPU seconds over the burst's seconds, as cores.
    private func share(_ seconds: Double, _ outcome: ScaleOutcome) -> String {
        fixed(seconds / outcome.seconds, 2)
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    private func percent(_ fraction: Double) -> String {
        String(format: "%.0f%%", fraction * 100)
    }
}
