import HckCore

/// A CPU architecture an image is built for, named as Debian names it.
public enum Architecture: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// 64-bit x86 (`x86_64`).
    case amd64
    /// 64-bit ARM (`aarch64`).
    case arm64

    /// Reads an architecture as a manifest or a user writes it: Debian's name or the kernel's
    /// (`amd64`/`x86_64`, `arm64`/`aarch64`); `nil` for anything else.
    /// - Parameter text: the name to read.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "amd64", "x86_64", "x86-64": self = .amd64
        case "arm64", "aarch64": self = .arm64
        default: return nil
        }
    }

    /// The kernel's and QEMU's name: `x86_64` or `aarch64`.
    public var machineName: String {
        switch self {
        case .amd64: "x86_64"
        case .arm64: "aarch64"
        }
    }

    /// Debian's name.
    public var description: String { rawValue }
}
