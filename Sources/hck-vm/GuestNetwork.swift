import Runner

/// What a runner's guests reach, as `GuestIsolationOptions.whileIsolated` set it up.
struct GuestNetwork: Sendable {
    /// Whether the guests are kept off this host and private networks.
    var isolated: Bool
    /// The host's package cache as guests reach it, or nil for none.
    var packageCache: GuestForward?
}
