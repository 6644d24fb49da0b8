public import HckCore

/// Why a runner could not keep its guests off its host and private networks, or why a
/// `--guest-forward` was refused.
public typealias GuestIsolationError = CodedError<GuestIsolationErrorCode>

/// What kind of failure a ``GuestIsolationError`` is.
public enum GuestIsolationErrorCode: String, ErrorCode {
    /// A `--guest-forward NAME=HOST:PORT` that cannot be used.
    case forward
    /// The user QEMU runs as is unknown, or root (a rule on root's traffic would cover the host).
    case qemuUser
    /// `nft` is missing or refused the rules.
    case nftables
    /// The rules are in place but a probe as QEMU's user still reached the host.
    case check
    /// The file that says which runners need the rules could not be written or locked.
    case holder
}
