import Foundation
import ServerBenchSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The CPU seconds used so far by each part of a run (from /proc/PID/stat) and by the whole machine
/// (from /proc/stat); the difference of two is what a phase used.
struct CPUSnapshot {
    /// Each hck server's.
    var servers: [Double]
    /// PostgreSQL's: the postmaster's, its backends' and those of its children that ended.
    var postgres: Double
    /// This process's: the clients and runners.
    var generator: Double
    /// Every core's busy time (user, nice, system, irq, softirq, steal).
    var machineBusy: Double
    /// Every core's time, busy or idle.
    var machineTotal: Double

    /// Now, for `servers` and the PostgreSQL postmaster `postmaster` (nil on SQLite).
    static func now(servers: [Int32], postmaster: Int32?) -> CPUSnapshot {
        let machine = machineSeconds()
        return CPUSnapshot(
            servers: servers.map { ProcessSampler(pid: $0).cpuSeconds() },
            postgres: postmaster.map(postgresSeconds) ?? 0,
            generator: ProcessSampler(pid: getpid()).cpuSeconds(),
            machineBusy: machine.busy,
            machineTotal: machine.total
        )
    }

    /// What was used from `earlier` to this one.
    func since(_ earlier: CPUSnapshot) -> CPUSnapshot {
        CPUSnapshot(
            servers: zip(servers, earlier.servers).map { $0 - $1 },
            postgres: postgres - earlier.postgres,
            generator: generator - earlier.generator,
            machineBusy: machineBusy - earlier.machineBusy,
            machineTotal: machineTotal - earlier.machineTotal
        )
    }

    /// Adds another phase's use.
    static func + (a: CPUSnapshot, b: CPUSnapshot) -> CPUSnapshot {
        CPUSnapshot(
            servers: a.servers.isEmpty ? b.servers : zip(a.servers, b.servers).map { $0 + $1 },
            postgres: a.postgres + b.postgres,
            generator: a.generator + b.generator,
            machineBusy: a.machineBusy + b.machineBusy,
            machineTotal: a.machineTotal + b.machineTotal
        )
    }

    /// Nothing used yet.
    static let zero = CPUSnapshot(servers: [], postgres: 0, generator: 0, machineBusy: 0, machineTotal: 0)

    /// The hck servers', PostgreSQL's and the generator's together.
    var ours: Double { servers.reduce(0, +) + postgres + generator }

    /// The busy time of every other process on the machine (never below 0).
    var others: Double { max(0, machineBusy - ours) }

    /// The postmaster and every live backend, plus the backends that ended.
    private static func postgresSeconds(_ postmaster: Int32) -> Double {
        guard let root = ProcessStat(pid: postmaster) else { return 0 }
        let backends = ProcessStat.allProcesses().compactMap { pid -> Double? in
            guard let stat = ProcessStat(pid: pid), stat.parent == postmaster else { return nil }
            return stat.ownSeconds
        }
        return root.ownSeconds + root.childrenSeconds + backends.reduce(0, +)
    }

    /// /proc/stat's first line: every core's busy and total time in seconds.
    private static func machineSeconds() -> (busy: Double, total: Double) {
        let text = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        let ticks = (text.split(separator: "\n").first ?? "").split(separator: " ").dropFirst().map { Double($0) ?? 0 }
        guard ticks.count >= 8 else { return (0, 0) }
        let perSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        // user nice system idle iowait irq softirq steal
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
        return (busy / perSecond, (busy + ticks[3] + ticks[4]) / perSecond)
    }
}
