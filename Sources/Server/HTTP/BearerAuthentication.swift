import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

/// Resolves `Authorization: Bearer TOKEN` (or `token TOKEN`, which builds.sr.ht's clients send) to a
/// user by the token's SHA-256, and a job's token to its job's grants; an unknown token is a 401.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = APIRequestContext
    let store: any JobStore
    let jobs: JobService
    /// Token hash → user, trusted for a second: `hck admin revoke-token` works on the database from
    /// another process, so a revoked token is refused within a second.
    let users = ReadThroughCache<String, User>(lifetime: .seconds(1))

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, ["bearer", "token"].contains(parts[0].lowercased()) else {
                throw APIError(.unauthorized, "the Authorization header must be 'Bearer TOKEN' (or 'token TOKEN')")
            }
            let hash = Token.hash(String(parts[1]))
            guard
                let user = try await users.value(for: hash, load: { [store] in try await store.user(tokenHash: hash) })
            else {
                throw try await refusal(hash: hash)
            }
            context.user = user
            if let job = user.jobID { context.jobGrants = try await jobs.grants(ofJob: job) }
        }
        return try await next(request, context)
    }

    /// Why a token that authenticates nobody is refused: revoked (when, why, what to do) or unknown.
    func refusal(hash: String) async throws -> APIError {
        guard let revoked = try await store.revokedToken(hash: hash) else {
            return APIError(.unauthorized, "this token is unknown; check --token, HCK_TOKEN or ~/.config/hck/config")
        }
        return APIError(
            .unauthorized,
            "this token of \(revoked.userName) was revoked at \(revoked.revokedAt.formatted(.iso8601)) (\(revoked.reason)); "
                + "ask the administrator for a new one (`hck admin create-user NAME` or `hck admin runner-token NAME`)"
        )
    }
}
