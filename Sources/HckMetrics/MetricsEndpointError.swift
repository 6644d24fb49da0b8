public import HckCore

/// Why a metrics endpoint could not listen.
public typealias MetricsEndpointError = CodedError<MetricsEndpointErrorCode>

/// What kind of failure a ``MetricsEndpointError`` is.
public enum MetricsEndpointErrorCode: String, ErrorCode {
    /// The address could not be bound (in use, not this host's, a privileged port).
    case listen
}
