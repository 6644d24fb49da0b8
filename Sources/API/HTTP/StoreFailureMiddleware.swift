import Hummingbird
import Images
import Logging

/// Answers a request that failed in the store (the database cannot be reached, or refused a
/// statement) with 503 or 500 and a message for the client, and logs the whole error, which names
/// the database server: that is for the operator, not for whoever sent the request.
struct StoreFailureMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError where error.code == .unreachable || error.code == .database {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            throw error.code == .unreachable
                ? APIError(.serviceUnavailable, "the job store cannot be reached just now; try again shortly")
                : APIError(.internalServerError, "the job store failed; the server's log says why")
        }
    }
}
