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
    /// A webhook delivery's HMAC-SHA256 signature of its body.
    case signature = "X-Hck-Signature"

    /// The name in lower case.
    public var lowercased: String { rawValue.lowercased() }
}
