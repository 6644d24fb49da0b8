import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Samples a process's resident memory (VmRSS in /proc/PID/status) and CPU time, and the host's load.
struct ServerSampler: Sendable {
    let pid: Int32

    /// The process's resident memory in MiB, or nil once it is gone.
    func residentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }

    /// The CPU seconds (user and system) the process has used, from /proc/PID/stat.
    func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The host's 1-minute load average.
    static func load() -> Double {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").first.flatMap { Double($0) } ?? .nan
    }

    /// Samples memory and load every 100 ms until cancelled; the peak memory and the highest load seen.
    func peaks() async -> (memory: Double, load: Double) {
        var memory = residentMiB() ?? 0
        var load = Self.load()
        while !Task.isCancelled {
            memory = max(memory, residentMiB() ?? 0)
            load = max(load, Self.load())
            try? await Task.sleep(for: .milliseconds(100))
        }
        return (memory, load)
    }
}
