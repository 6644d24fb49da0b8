import HTTPTypes
import Hummingbird

/// Resolves `Authorization: Bearer TOKEN` to a user by the token's SHA-256; an unknown token is a 401.
struct BearerAuthentication: RouterMiddleware {
    typealias Context = APIRequestContext
    let store: any JobStore
    /// Token hash → user; tokens are never revoked yet, so a minute is safe.
    let users = ReadThroughCache<String, User>(lifetime: .seconds(60))

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError(.unauthorized, "the Authorization header must be 'Bearer TOKEN'")
            }
            let hash = Token.hash(String(parts[1]))
            guard let user = try await users.value(for: hash, load: { [store] in try await store.user(tokenHash: hash) }) else {
                throw APIError(.unauthorized, "this token is unknown; check HCK_TOKEN or ~/.config/hck/config")
            }
            context.user = user
        }
        return try await next(request, context)
    }
}
