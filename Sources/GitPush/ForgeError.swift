public import HckCore

/// What kind of failure a forge's delivery met.
public enum ForgeErrorCode: String, ErrorCode {
    /// The delivery carries no signature (or token) header.
    case unsigned
    /// The signature (or token) does not match the repository's secret.
    case badSignature
    /// The body is not the JSON the forge documents for the event.
    case malformedPayload
}

/// A delivery from a forge that is refused: what failed and why.
public typealias ForgeError = CodedError<ForgeErrorCode>
