/// The HTTP header names of hck's own that the server sends and clients read, in one place.
/// Header names are case-insensitive; these are written as the server sends them, and
/// ``lowercased`` is how `HTTPHeaders.fields` keys them.
public enum HeaderName: String, Sendable, CaseIterable {
    /// A log answer's job status.
    case jobStatus = "X-Hck-Job-Status"
    /// A log answer's length so far: the offset to ask from next.
    case logLength = "X-Hck-Log-Length"
    /// A task log answer's task status.
    case taskStatus = "X-Hck-Task-Status"
    /// A webhook delivery's Ed25519 signature (base64) of its body followed by its nonce, as builds.sr.ht signs.
    case payloadSignature = "X-Payload-Signature"
    /// The nonce that a webhook delivery's signature covers.
    case payloadNonce = "X-Payload-Nonce"

    /// The name in lower case.
    public var lowercased: String { rawValue.lowercased() }
}
