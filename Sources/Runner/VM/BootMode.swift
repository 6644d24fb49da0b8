/// How a job's VM comes up.
public enum BootMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Restored from the image's saved state on this host (made first when missing or stale); a
    /// cold boot when the image has none or the restore fails, and the setup log says why.
    case restore
    /// Booted from the kernel every time.
    case cold

    /// `restore` or `cold`.
    public var description: String { rawValue }
}
