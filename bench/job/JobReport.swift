import BenchSupport
import Foundation
import Manifest

/// The bench's figures: each timed form's time (the median of the rounds when there are several)
/// and the ratios between them.
struct JobReport {
    /// Each timed form's times, one per round.
    let times: [JobForm: [Duration]]

    /// The goal: a job restored with a warm package cache takes at most this share of a cold one.
    static let goal = 0.4

    /// Prints the times and the ratios.
    func print() {
        let rounds = times[.cold]?.count ?? 0
        say("")
        say(rounds > 1 ? "medians of \(rounds) rounds:" : "times:")
        for form in [JobForm.cold, .restoredWarm, .srhtStyle] {
            guard let values = times[form], !values.isEmpty else { continue }
            let all = values.count > 1 ? " (\(values.map(\.secondsText).joined(separator: ", ")))" : ""
            say("  \(form): \(Self.median(values).secondsText)\(all)")
        }
        guard let cold = median(.cold), let restored = median(.restoredWarm), let srht = median(.srhtStyle) else {
            return
        }
        let share = restored / cold
        say(
            String(format: "restored+warm / cold: %.2f; ", share)
                + (share <= Self.goal ? "meets" : "misses") + " the goal of \(Self.goal)"
        )
        say(String(format: "cold / srht-style: %.2f", cold / srht))
        say(String(format: "restored+warm / srht-style: %.2f", restored / srht))
    }

    /// A form's median in seconds, or nil when it has no times.
    private func median(_ form: JobForm) -> Double? {
        times[form].flatMap { $0.isEmpty ? nil : Self.median($0).inSeconds }
    }

    /// The middle value (the mean of the two middle ones for an even count).
    static func median(_ values: [Duration]) -> Duration {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
