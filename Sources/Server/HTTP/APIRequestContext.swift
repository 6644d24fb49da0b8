public import Foundation
import HTTPTypes
import HckCore
public import Hummingbird
public import Manifest
public import NIOCore
public import Store
import Wire

/// The request context of hck's API: Hummingbird's core storage plus the authenticated caller.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who presented a valid bearer token, if anyone did.
    public var user: User?
    /// What the token may do when it is a job's `OAUTH2_TOKEN` (the job's `oauth` grants); nil
    /// for a user's own token.
    public var jobGrants: OAuthGrants?
    /// The request's connection.
    public let channel: any Channel

    /// Creates the context for a new request.
    /// - Parameter source: where the request came from.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
        user = nil
        jobGrants = nil
    }

    /// Manifests, logs and job JSON are small; artifacts stream to disk and bypass this limit.
    public var maxUploadSize: Int { 4 * 1024 * 1024 }

    /// The caller, or a 401 saying how to authenticate.
    private func authenticated() throws -> User {
        guard let user else {
            throw APIError(
                .unauthorized,
                "this needs an API token: send 'Authorization: Bearer TOKEN' (hck: --token, HCK_TOKEN or 'token = …' in "
                    + "~/.config/hck/config); an administrator makes one with `hck admin create-user NAME`"
            )
        }
        return user
    }

    /// The user calling a user route that needs `access`: a 401 without a token, a 403 for a
    /// runner's token and for a job's token whose grants do not cover it.
    public func requireUser(_ access: APIAccess) throws -> User {
        let user = try authenticated()
        try check(user, for: access)
        return user
    }

    /// Who reads, for a route that anyone may call (public jobs): nil without a token, else the
    /// user, with the same refusals as ``requireUser(_:)``.
    public func reader(_ access: APIAccess) throws -> String? {
        guard let user else { return nil }
        try check(user, for: access)
        return user.name
    }

    private func check(_ user: User, for access: APIAccess) throws {
        guard user.role == .user else {
            throw APIError(
                .forbidden,
                "this is a runner's token: it works only on /api/runner/…; users' routes need a user's token (`hck admin create-user NAME`)"
            )
        }
        guard let job = user.jobID else { return }
        guard let needed = access.grant else {
            throw APIError(
                .forbidden,
                "this is job \(job)'s OAUTH2_TOKEN: a job's token never reads or changes SSH keys, secrets or tokens"
            )
        }
        guard jobGrants?.allows(needed.scope, needed.access) == true else {
            throw APIError(
                .forbidden,
                "this is job \(job)'s OAUTH2_TOKEN, and its manifest's oauth grants do not include \(OAuthGrants.service)/\(needed.scope.rawValue):\(needed.access.rawValue)"
            )
        }
    }

    /// The caller when it is a runner node, else 401/403.
    public func requireRunner() throws -> User {
        let user = try authenticated()
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
