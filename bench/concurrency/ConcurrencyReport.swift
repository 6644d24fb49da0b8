import BenchSupport
import Foundation
import Manifest

/// What the bench measured, and its printing.
struct ConcurrencyReport {
    /// How many jobs were submitted.
    let jobs: Int
    /// When the first `hck submit` started.
    let started: ContinuousClock.Instant
    /// Each job's outcome.
    let outcomes: [BenchJobs.Outcome]
    /// The memory peaks.
    let memory: MemorySampler.Peaks
    /// KSM at the end.
    let ksm: KSMState

    /// Whether every job was seen ending in success.
    var allSucceeded: Bool { outcomes.count == jobs && outcomes.allSatisfy { $0.status == .success } }

    /// Prints the figures.
    func print() {
        say("")
        let ends = outcomes.compactMap(\.endedAt)
        if let last = ends.max(), ends.count == outcomes.count {
            say(
                "\(jobs) jobs at once: first submit → last end \((last - started).secondsText)"
                    + " (ends seen by polling `hck status` once a second)"
            )
        } else {
            say("\(jobs) jobs at once: not every job ended, so no wall time")
        }
        for outcome in outcomes {
            let ended = outcome.endedAt.map { ", ended \(($0 - started).secondsText) after the first submit" } ?? ""
            say("  job \(outcome.number) (#\(outcome.id)): \(outcome.status?.rawValue ?? "never answered")\(ended)")
        }
        let lost = outcomes.filter { $0.endedAt == nil }
        let failed = outcomes.filter { $0.endedAt != nil && $0.status != .success }
        if lost.isEmpty && failed.isEmpty && outcomes.count == jobs {
            say("none lost: all \(jobs) succeeded")
        } else {
            let lostText = lost.map {
                "job \($0.number) (#\($0.id)) lost, last seen \($0.status?.rawValue ?? "never answered")"
            }
            let failedText = failed.map { "job \($0.number) (#\($0.id)) \($0.status?.rawValue ?? "?")" }
            say("lost or failed: " + (lostText + failedText).joined(separator: "; "))
        }
        say(
            String(
                format:
                    "memory (VmRSS, %d samples a second apart): peak total %.0f MiB (the jobs' QEMU ×%d + hck up);"
                    + " peak per VM %.0f MiB (%d VMs at that moment); hck up at most %.0f MiB; most VMs at once %d",
                memory.samples,
                memory.total,
                memory.vmsAtTotal,
                memory.perVM,
                memory.vmsAtPerVM,
                memory.up,
                memory.mostVMs
            )
        )
        if memory.otherQEMU > 0 {
            say("  (other QEMU processes on the host, not counted: up to \(memory.otherQEMU) at once)")
        }
        let sharing = memory.pagesSharing.map {
            String(format: "; pages_sharing at most %d (about %.0f MiB)", $0, KSMState.mebibytes(ofPages: $0))
        }
        let now = ksm.pagesSharing.map { ", \($0) at the end" } ?? ""
        say("KSM: \(ksm.summary)\(sharing ?? "")\(now)")
    }
}
