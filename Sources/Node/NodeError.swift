public import HckCore
import Images

/// A runner node that cannot go on: what failed, and why.
public typealias NodeError = CodedError<NodeErrorCode>

/// What kind of problem a ``NodeError`` is.
public enum NodeErrorCode: String, ErrorCode {
    /// The server refused the node (a wrong token, a runner name that is a user's) or its job.
    case refused
    /// The node has no built image to offer.
    case noImages
}
