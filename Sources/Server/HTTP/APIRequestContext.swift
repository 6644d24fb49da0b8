public import Foundation
import HTTPTypes
import HckCore
public import Hummingbird
public import NIOCore
public import Store
import Wire

/// The request context of hck's API: Hummingbird's core storage plus the authenticated caller.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who presented a valid bearer token, if anyone did.
    public var user: User?
    /// The request's connection.
    public let channel: any Channel

    /// Creates the context for a new request.
    /// - Parameter source: where the request came from.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        user = nil
    }

    /// Manifests, logs and job JSON are small; artifacts stream to disk and bypass this limit.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The caller, or a 401 saying how to authenticate.
    public func requireUser() throws -> User {
        guard let user else {
            throw APIError(
                .unauthorized,
                "this needs an API token: send 'Authorization: Bearer TOKEN' (hck: --token, HCK_TOKEN or 'token = …' in "
                    + "~/.config/hck/config); an administrator makes one with `hck admin create-user NAME`"
            )
        }
        return user
    }

    /// The caller when it is a runner node, else 401/403.
    public func requireRunner() throws -> User {
        let user = try requireUser()
        guard user.role == .runner else {
            throw APIError(
                .forbidden,
                "this endpoint is for runner nodes; make a token with `hck admin runner-token NAME`"
            )
        }
        return user
    }
}

extension APIRequestContext {
    /// Request bodies are snake_case JSON, as builds.sr.ht's API.
    public var requestDecoder: JSONDecoder { .api }
    /// Responses are snake_case JSON with ISO 8601 dates.
    public var responseEncoder: JSONEncoder { .api }
}
