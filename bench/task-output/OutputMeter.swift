import Foundation
import Manifest
import NIOCore
import Runner

/// Counts what one task prints and samples the runner's resident memory every 16 MiB of it,
/// printing progress every 64 MiB.
actor OutputMeter: JobEvents {
    let task: String
    private var bytes = 0
    /// How many pieces the task's log came in (one per read of the task's output).
    private(set) var pieces = 0
    private var started: ContinuousClock.Instant?
    private var start = 0.0
    private var peak = 0.0
    private var samples = 0
    private var cpuAtStart = 0.0
    private var cpuAtEnd = 0.0

    init(task: String) {
        self.task = task
    }

    /// The resident memory (MiB) when the task started and the most seen while it ran.
    var memory: (start: Double, peak: Double, samples: Int) { (start, peak, samples) }

    /// The CPU seconds this process spent while the task ran.
    var cpu: Double { cpuAtEnd - cpuAtStart }

    func setupLog(_ bytes: ByteBuffer) async {}

    func taskLog(_ task: String, _ bytes: ByteBuffer) async {
        guard task == self.task else { return }
        let before = self.bytes
        self.bytes += bytes.readableBytes
        pieces += 1
        if before >> 24 != self.bytes >> 24 { sample() }
        if before >> 26 != self.bytes >> 26, let started {
            let seconds = (ContinuousClock.now - started).inSeconds
            print(String(format: "  %d MiB after %.1f s, %.1f MiB resident", self.bytes >> 20, seconds, peak))
        }
    }

    func taskStatusChanged(_ task: String, to status: TaskStatus) async {
        if status != .pending && status != .running { print("task \(task): \(status.rawValue)") }
        guard task == self.task else { return }
        if status == .running {
            started = .now
            start = Self.residentMiB()
            peak = start
            cpuAtStart = StageRuns.cpuSeconds()
        } else {
            cpuAtEnd = StageRuns.cpuSeconds()
            sample()
        }
    }

    func jobStatusChanged(to status: JobStatus) async {}

    private func sample() {
        peak = max(peak, Self.residentMiB())
        samples += 1
    }

    /// A process's resident set (this one's by default), from /proc/PID/statm (pages).
    static func residentMiB(of process: Int? = nil) -> Double {
        let path = "/proc/\(process.map(String.init) ?? "self")/statm"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
