import HTTPTypes
import HckCore
import Hummingbird
import Logging
import NIOCore

/// Every failure a route throws becomes a response here, in hck's error shape (``ErrorResponse``):
/// hck's own refusals as they are, Hummingbird's (a body over the limit, a malformed JSON body, a
/// missing file) with a sentence when they came without one, and any other error as a 500 that
/// tells the caller the log says why. Every 5xx's cause is logged, so no failure goes unexplained;
/// refused store statements were already logged by ``StoreFailureMiddleware``.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// What a caller is told about a failure the server did not foresee.
    static let unforeseen = "the server failed on this request; its log says why"

    func handle(
        _ request: Request,
        context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        let failure: APIError
        do {
            return try await next(request, context)
        } catch let error as APIError {
            failure = error
            if error.status.kind == .serverError, error.message != StoreFailureMiddleware.failed,
                error.message != StoreFailureMiddleware.unreachable
            {
                context.logger.error("\(request.method) \(request.uri.path): \(error.status.code) \(error.message)")
            }
        } catch let error as WebError {
            failure = APIError(error.status, error.message)
            if error.status.kind == .serverError {
                context.logger.error("\(request.method) \(request.uri.path): \(error.status.code) \(error.message)")
            }
        } catch let error as JobError {
            failure = APIError(error)
            if error.status.kind == .serverError {
                context.logger.error("\(request.method) \(request.uri.path): \(error.message)")
            }
        } catch let error as NIOTooManyBytesError {
            let limit = error.maxBytes.map { " of \(ByteSize(Int64($0)))" } ?? ""
            failure = APIError(.contentTooLarge, "the request's body is larger than this route's limit\(limit)")
        } catch let error as HTTPError {
            failure = APIError(error.status, error.body ?? Self.sentence(for: error.status, request))
            if error.status.kind == .serverError {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
            }
            var response = try failure.response(from: request, context: context)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            failure = APIError(.internalServerError, Self.unforeseen)
        }
        return try failure.response(from: request, context: context)
    }

    /// What Hummingbird's own bodiless errors mean for this request.
    static func sentence(for status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "there is nothing at \(request.uri.path)"
        case .contentTooLarge: "the request's body is larger than this route accepts"
        case .methodNotAllowed: "\(request.method) is not allowed on \(request.uri.path)"
        default: status.reasonPhrase.lowercased()
        }
    }
}
