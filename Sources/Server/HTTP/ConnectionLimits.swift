/// How the server keeps its connections: how long it waits for a request's head, for the next request
/// on an idle keep-alive connection and between the pieces of a body, and how many connections one
/// client address may hold at once. A connection that overstays is closed; one over the cap is
/// closed at once. Every number is a `hck server` flag.
public struct ConnectionLimits: Sendable {
    /// From the first byte of a request until its head (request line and headers) has arrived.
    public var headTimeout: Duration = .seconds(10)
    /// A connection with no request in progress (before the first, or after a response).
    public var idleTimeout: Duration = .seconds(60)
    /// The longest silence inside a request's body (an artifact upload may take long, but never
    /// stalls for this long).
    public var bodyTimeout: Duration = .seconds(60)
    /// How many connections one client address may hold at once (runner nodes hold a few long-polls
    /// each; a browser six).
    public var connectionsPerAddress = 128

    /// The defaults.
    public init() {}
}
