public import HckCore
import Images

/// Why a job VM could not be started or used (libvirt's own failures are ``LibvirtError``).
public typealias VMError = CodedError<VMErrorCode>

/// What kind of failure a ``VMError`` is.
public enum VMErrorCode: String, ErrorCode {
    /// The copy-on-write overlay could not be made.
    case overlay
    /// No free local port was found for SSH forwarding.
    case noFreePort
    /// The guest did not print its host key in time.
    case bootTimeout
    /// The domain stopped before the guest printed its host key.
    case guestStopped
    /// The image's architecture cannot be booted here.
    case unsupportedArch
    /// The bare kernel did not run init (the boot-speed floor could not be measured).
    case initProbe
    /// A VM's owner lock file could not be opened or locked.
    case ownerLock
    /// Another live process owns a VM of that name.
    case inUse
    /// A saved state could not be made, read or restored.
    case savedState
}
