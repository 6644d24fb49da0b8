public import HTTPTypes
import HckCore
public import Hummingbird
import Store
import Wire

extension JobError: HTTPResponseError {
    /// The HTTP status that says the same.
    public var status: HTTPResponse.Status {
        switch reason {
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalid: .badRequest
        case .gone: .gone
        case .corrupt: .internalServerError
        }
    }

    /// JSON in the API's error shape for `/api/…`, a page for the web pages: one rule, two audiences.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(self).response(from: request, context: context)
    }
}

extension APIError {
    /// The API's form of a job rule's refusal.
    init(_ error: JobError) {
        self.init(error.status, error.message, diagnostics: error.diagnostics, available: error.available)
    }
}
