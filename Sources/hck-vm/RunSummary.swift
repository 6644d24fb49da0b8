import CLI
import Foundation
import Manifest
import Runner

/// The table `hck run` prints at the end: task, status, duration.
enum RunSummary {
    static func print(_ outcome: JobOutcome, artifacts: String?) {
        let width = max(4, outcome.tasks.map(\.name.count).max() ?? 0)
        var lines = ["", "\("task".padding(toLength: width, withPad: " ", startingAt: 0))  status     duration"]
        for task in outcome.tasks {
            let name = task.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let status = task.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            lines.append("\(name)  \(status)  \(task.duration?.secondsText ?? "-")")
        }
        lines.append(
            "job \(outcome.status.rawValue) in \(outcome.duration.secondsText)"
                + (outcome.message.map { ": \($0)" } ?? "")
        )
        if let artifacts, outcome.status == .success { lines.append("artifacts in \(artifacts)") }
        Swift.print(lines.joined(separator: "\n"))
    }
}

extension Duration {
    /// Reads `90s`, `30m`, `1h` or a number of seconds.
    init?(parsingTimeout text: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            number = text.dropLast()
            scale = unit
        }
        guard let value = Double(number), value > 0 else { return nil }
        self = .milliseconds(Int(value * scale * 1000))
    }
}
