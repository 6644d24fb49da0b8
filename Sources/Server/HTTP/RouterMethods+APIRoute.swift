import HTTPTypes
import Hummingbird
import Wire

extension RouterMethods {
    /// Registers `handler` for one of the API's routes, at the path and with the method that
    /// Wire's ``APIRoute`` names, so the server and the client read both from one place.
    @discardableResult
    func on(
        _ route: APIRoute,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(RouterPath(route.pattern), method: route.method.http, use: handler)
    }
}

extension APIRoute.Method {
    /// The same method as HTTPTypes spells it.
    var http: HTTPRequest.Method {
        switch self {
        case .get: .get
        case .post: .post
        case .put: .put
        case .delete: .delete
        }
    }
}
