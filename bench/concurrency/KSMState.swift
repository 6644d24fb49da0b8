import Foundation

/// Kernel same-page merging as /sys/kernel/mm/ksm says it is: whether it runs and how many pages
/// it shares. Guests booted from one image hold many identical pages, which KSM can merge.
struct KSMState: Sendable {
    /// `run`: 0 stopped, 1 running, 2 unmerging; nil when the kernel has no KSM.
    var run: Int?
    /// `pages_sharing`: how many more pages are sharing merged ones (about what is saved).
    var pagesSharing: Int?

    /// What the kernel says now.
    static func now() -> KSMState {
        KSMState(run: read("run"), pagesSharing: read("pages_sharing"))
    }

    private static func read(_ file: String) -> Int? {
        (try? String(contentsOfFile: "/sys/kernel/mm/ksm/\(file)", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `on`, `off`, `unmerging` or `not in this kernel`.
    var summary: String {
        switch run {
        case 1: "on"
        case 0: "off"
        case 2: "unmerging"
        default: "not in this kernel"
        }
    }

    /// MiB that `pages` pages of this host's size make.
    static func mebibytes(ofPages pages: Int) -> Double {
        Double(pages) * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
