import Foundation
import HckCore
import Wire

/// The /runners page's table: each runner's name, state, arches, images, slots and running jobs,
/// when it was last heard from, its version, and KVM or TCG.
struct RunnerListView {
    /// The runners, by name.
    var runners: [RunnerView]

    func render() -> HTML {
        let rows = runners.map(Self.row)
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"empty\">No runner has registered yet.</p>"
            : """
            <table class="runners">
            <thead><tr><th>Runner</th><th>State</th><th>Arches</th><th>Images</th><th>Slots</th><th>Running</th><th>Last heard</th><th>Version</th><th>Accel</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """
        return """
            <h1>Runners</h1>
            \(table)
            """
    }

    static func row(_ runner: RunnerView) -> HTML {
        let running = runner.runningJobs.map { id -> HTML in "<a href=\"/jobs/\(id)\">#\(id)</a> " }
        let state: HTML =
            runner.lost
            ? "<span class=\"status s-failed\">✘ lost</span>" : "<span class=\"status s-success\">✔ alive</span>"
        return """
            <tr class="runner">
            <td data-label="Runner">\(runner.name)</td>
            <td data-label="State">\(state)</td>
            <td data-label="Arches">\(runner.arches.joined(separator: ", "))</td>
            <td data-label="Images">\(runner.images.joined(separator: ", "))</td>
            <td data-label="Slots">\(runner.slots)</td>
            <td data-label="Running">\(running)</td>
            <td data-label="Last heard"><time datetime="\(Formatting.isoTime(runner.lastHeardAt))">\(Formatting.time(runner.lastHeardAt))</time></td>
            <td data-label="Version">\(runner.version ?? "—")</td>
            <td data-label="Accel">\(runner.accelerator)</td>
            </tr>
            """
    }
}
