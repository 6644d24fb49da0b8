import HTTPTypes
import HckCore
import Hummingbird
import Logging
import Store
import Wire

/// Answers a request that failed in the store with 503 (the database cannot be reached) or 500 (it
/// refused a statement) and a sentence for whoever sent it: JSON under `/api/`, an HTML page for the
/// web pages. The full error, which names the database server, is for the operator: a refused statement
/// is logged here; an unreachable database is reported by the store itself, once per outage, so here
/// it is only logged at debug level (no line per request while the database is down).
struct StoreFailureMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// What a client is told while the database cannot be reached.
    static let unreachable = "hck cannot reach its database just now; try again in a few seconds"
    /// What a client is told when the database failed a statement.
    static let failed = "the job store failed; the server's log says why"

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError where error.code == .unreachable || error.code == .database {
            let unreachable = error.code == .unreachable
            context.logger.log(level: unreachable ? .debug : .error, "\(request.method) \(request.uri.path): \(error)")
            let status: HTTPResponse.Status = unreachable ? .serviceUnavailable : .internalServerError
            let message = unreachable ? Self.unreachable : Self.failed
            throw APIError(status, message)
        }
    }
}
