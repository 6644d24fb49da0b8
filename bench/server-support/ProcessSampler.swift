import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Samples a process's resident memory (VmRSS in /proc/PID/status) and CPU time, and the host's load.
package struct ProcessSampler: Sendable {
    package let pid: Int32

    /// The process's resident memory in MiB, or nil once it is gone.
    package func residentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }

    /// The CPU seconds (user and system) the process has used, from /proc/PID/stat.
    package func cpuSeconds() -> Double {
        guard let stat = ProcessStat(pid: pid) else { return 0 }
        return stat.ownSeconds
    }

    /// The host's load averages over 1, 5 and 15 minutes, as /proc/loadavg has them (`1.92 2.10 2.31`).
    package static func loadAverages() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "unknown"
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The host's 1-minute load average.
    package static func load() -> Double {
        loadAverages().split(separator: " ").first.flatMap { Double($0) } ?? .nan
    }

    /// Samples memory and load every 100 ms until cancelled; the peak memory and the highest load seen.
    package func peaks() async -> (memory: Double, load: Double) {
        var memory = residentMiB() ?? 0
        var load = Self.load()
        while !Task.isCancelled {
            memory = max(memory, residentMiB() ?? 0)
            load = max(load, Self.load())
            try? await Task.sleep(for: .milliseconds(100))
        }
        return (memory, load)
    }

    /// A sampler of the process `pid`.
    package init(pid: Int32) {
        self.pid = pid
    }
}

/// The fields of /proc/PID/stat a benchmark reads: the parent and the CPU time.
package struct ProcessStat: Sendable {
    /// The parent's process id.
    package let parent: Int32
    /// CPU seconds in user and system mode.
    package let ownSeconds: Double
    /// CPU seconds of the children it waited for (PostgreSQL's ended backends, for instance).
    package let childrenSeconds: Double

    /// The process's figures now, or nil when it is gone.
    package init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the command's closing parenthesis: state is field 3, ppid 4, utime 14, stime 15,
        // cutime 16, cstime 17.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 14, let parent = Int32(fields[1]) else { return nil }
        let ticks = fields[11...14].map { Double($0) ?? 0 }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        self.parent = parent
        ownSeconds = (ticks[0] + ticks[1]) / perSecond
        childrenSeconds = (ticks[2] + ticks[3]) / perSecond
    }

    /// Every process id in /proc now.
    package static func allProcesses() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }
}
