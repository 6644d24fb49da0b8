public import HckCore
import Images

/// Something went wrong talking SSH to a job's guest: the code says what, the message where and
/// why.
public typealias GuestSSHError = CodedError<GuestSSHErrorCode>

/// What kind of SSH failure a ``GuestSSHError`` is.
public enum GuestSSHErrorCode: String, ErrorCode {
    /// The guest offered a host key other than the one its console printed.
    case hostKeyMismatch
    /// The guest did not accept the job's key.
    case authenticationFailed
    /// The connection closed before the work was done.
    case connectionClosed
    /// SSH did not answer within the settle timeout.
    case settleTimeout
    /// A command's channel closed without reporting how the command ended.
    case noExitStatus
    /// A copied file exceeded its size limit.
    case outputTooLarge
}
