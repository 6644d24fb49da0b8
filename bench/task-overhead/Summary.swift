import Foundation
import Manifest

/// The median, mean and range of a series of run times, in seconds.
struct Summary {
    let label: String
    let seconds: [Double]

    init(label: String, times: [Duration]) {
        self.label = label
        self.seconds = times.map(\.inSeconds).sorted()
    }

    var median: Double {
        let middle = seconds.count / 2
        return seconds.count % 2 == 1 ? seconds[middle] : (seconds[middle - 1] + seconds[middle]) / 2
    }

    var mean: Double { seconds.reduce(0, +) / Double(seconds.count) }

    var line: String {
        String(
            format: "%@: median %.3f s, mean %.3f s, min %.3f s, max %.3f s",
            label,
            median,
            mean,
            seconds.first ?? 0,
            seconds.last ?? 0
        )
    }
}
