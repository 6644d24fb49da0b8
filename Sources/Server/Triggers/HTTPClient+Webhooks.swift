public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The client webhooks are sent with. A refused connection fails at once, so a receiver that is
    /// down costs one attempt, and ``WebhookSender``'s own attempts and backoff decide when to try
    /// again (AsyncHTTPClient's shared client keeps retrying the connection until the request's
    /// timeout instead).
    static let webhooks: HTTPClient = {
        var configuration = Configuration(timeout: Configuration.Timeout(connect: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
