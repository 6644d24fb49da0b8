/// How QEMU runs guest code: hardware virtualisation or emulation.
public enum Accelerator: String, Sendable, Hashable, CustomStringConvertible {
    /// KVM: hardware virtualisation, libvirt domain type `kvm`.
    case kvm
    /// TCG: QEMU's emulator, libvirt domain type `qemu`; slow but works everywhere.
    case tcg

    /// The libvirt domain type.
    var domainType: String {
        switch self {
        case .kvm: "kvm"
        case .tcg: "qemu"
        }
    }

    /// `kvm` or `tcg`.
    public var description: String { rawValue }
}
