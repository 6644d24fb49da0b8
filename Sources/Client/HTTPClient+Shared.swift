import AsyncHTTPClient
import HckCore
import NIOCore
public import NIOHTTP1
import Wire

extension HTTPClient {
    /// How long ``hck``'s server may stay silent once a request is sent (long-polls wait up to 300 s).
    static let hckReadTimeout: TimeAmount = .seconds(330)

    /// The HTTP client every ``APIClient`` and the webhook sender share: AsyncHTTPClient on NIO's
    /// shared threads, following up to 5 redirects, 10 s to connect, and ``hckReadTimeout`` on a
    /// server's silence once a request is sent. A refused connection fails the request at once
    /// (`hck` says so instead of trying for 10 s; runner nodes and webhooks retry by themselves).
    /// It lives as long as the process.
    ///
    /// Not URLSession: on Linux, cancelling a URLSession request from a Swift task can kill the
    /// process ("Trying to access a behaviour for a task that in not in the registry") or deadlock
    /// it (the task's cancellation handler and URLSession's queue wait for each other), and a runner
    /// node cancels requests whenever a job ends, times out or is cancelled.
    static let hck: HTTPClient = {
        var configuration = Configuration(
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: Configuration.Timeout(connect: .seconds(10), read: hckReadTimeout)
        )
        configuration.connectionPool.retryConnectionEstablishment = false
        // An idle connection is closed by this side first, well before hck's server closes it (60 s,
        // ConnectionLimits.idleTimeout): a request sent on a connection the server is closing at that
        // very moment would fail with "connection reset by peer".
        configuration.connectionPool.idleTimeout = .seconds(20)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}

extension HTTPHeaders {
    /// The fields by lowercased name, a repeated field's values joined with ", " (as HTTP allows).
    public var fields: [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in self {
            let key = name.lowercased()
            fields[key] = fields[key].map { "\($0), \(value)" } ?? value
        }
        return fields
    }
}
