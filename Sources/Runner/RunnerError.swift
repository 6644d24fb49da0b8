public import HckCore
import Images

/// A job could not run as asked, for a reason outside the guest's scripts.
public typealias RunnerError = CodedError<RunnerErrorCode>

/// What kind of problem a ``RunnerError`` is.
public enum RunnerErrorCode: String, ErrorCode {
    /// The image is unknown, not built, or unusable.
    case image
    /// A setup step could not be run.
    case setup
    /// An artifact could not be copied.
    case artifact
}
