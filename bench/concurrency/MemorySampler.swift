import Foundation

/// Samples, once a second, the resident memory (VmRSS in /proc/PID/status) of the jobs' QEMU
/// processes and of `hck up`, and KSM's shared pages, keeping the peaks.
///
/// A QEMU process counts when its command (`comm`) is `qemu-system-x86` (the kernel cuts it to 15
/// characters) and its command line names one of the bench's domains (libvirt's
/// `-name guest=hck-job-ID,…`): other VMs on the host (another runner, a test suite) are left out,
/// and counted apart.
actor MemorySampler {
    /// The peaks seen so far.
    struct Peaks: Sendable {
        /// The most the jobs' QEMU processes and `hck up` held together (MiB).
        var total = 0.0
        /// The QEMU processes at the moment of ``total``.
        var vmsAtTotal = 0
        /// The most the QEMU processes held each, on average at one moment (MiB).
        var perVM = 0.0
        /// The QEMU processes at the moment of ``perVM``.
        var vmsAtPerVM = 0
        /// The most `hck up` alone held (MiB).
        var up = 0.0
        /// The most of the jobs' QEMU processes seen at once.
        var mostVMs = 0
        /// The most QEMU processes of other VMs seen at once (not counted above).
        var otherQEMU = 0
        /// The most pages KSM shared (`pages_sharing`), nil when the kernel has no KSM.
        var pagesSharing: Int?
        /// How many samples were taken.
        var samples = 0
    }

    /// The peaks seen so far.
    private(set) var peaks = Peaks()
    /// `hck up`'s process id.
    let up: Int32
    /// The bench's jobs' domain names (`hck-job-ID`).
    let domains: Set<String>

    init(up: Int32, domains: Set<String>) {
        self.up = up
        self.domains = domains
    }

    /// Samples once a second until cancelled.
    func run() async {
        while !Task.isCancelled {
            sample()
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func sample() {
        var qemu = 0.0
        var vms = 0
        var others = 0
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry), Self.command(of: pid) == "qemu-system-x86" else { continue }
            guard Self.namesDomain(pid, in: domains) else {
                others += 1
                continue
            }
            qemu += Self.residentMiB(of: pid) ?? 0
            vms += 1
        }
        let upMiB = Self.residentMiB(of: up) ?? 0
        peaks.samples += 1
        peaks.up = max(peaks.up, upMiB)
        peaks.mostVMs = max(peaks.mostVMs, vms)
        peaks.otherQEMU = max(peaks.otherQEMU, others)
        if qemu + upMiB > peaks.total {
            peaks.total = qemu + upMiB
            peaks.vmsAtTotal = vms
        }
        if vms > 0, qemu / Double(vms) > peaks.perVM {
            peaks.perVM = qemu / Double(vms)
            peaks.vmsAtPerVM = vms
        }
        if let sharing = KSMState.now().pagesSharing {
            peaks.pagesSharing = max(peaks.pagesSharing ?? 0, sharing)
        }
    }

    /// /proc/PID/comm without its newline.
    private static func command(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the process's command line names one of `domains`: `guest=NAME` or `guest=NAME,…`
    /// (libvirt's `-name`), or NAME alone.
    private static func namesDomain(_ pid: Int32, in domains: Set<String>) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        for word in String(decoding: data, as: UTF8.self).split(separator: "\0") {
            let name = word.hasPrefix("guest=") ? word.dropFirst(6).prefix(while: { $0 != "," }) : word
            if domains.contains(String(name)) { return true }
        }
        return false
    }

    /// VmRSS from /proc/PID/status in MiB, nil when the process is gone.
    static func residentMiB(of pid: Int32) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return nil }
        return kib / 1024
    }
}
