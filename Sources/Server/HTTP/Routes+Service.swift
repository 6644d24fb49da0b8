import Foundation
import HTTPTypes
import HckCore
import HckMetrics
import Hummingbird
import Manifest
import Store
import Wire

extension APIEnvironment {
    /// `/metrics` (Prometheus text format), `/api/webhook-key` and `/api/openapi.yaml`.
    func addServiceRoutes(to router: Router<APIRequestContext>) {
        router.on(.webhookKey) { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: .init(string: webhookSigner.publicKey + "\n"))
            )
        }
        router.on(.metrics) { _, _ -> Response in
            let text = metrics.render(
                statusCounts: try await store.statusCounts(),
                runners: try await store.runners().count,
                stored: try await store.storedBytes()
            )
            return Response(
                status: .ok,
                headers: [.contentType: MetricsRegistry.contentType],
                body: .init(byteBuffer: .init(string: text))
            )
        }
    }

    /// `GET /api/openapi.yaml`: the document of the routes registered so far, so add it last.
    func addOpenAPIRoute(to router: Router<APIRequestContext>) {
        let document = OpenAPIDocument.render(
            routes: Self.routes(of: router) + [
                .init(method: APIRoute.openAPI.method.rawValue, path: "/" + APIRoute.openAPI.pattern)
            ]
        )
        router.on(.openAPI) { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: .init(string: document))
            )
        }
    }

    /// The router's routes, as the OpenAPI document lists them.
    static func routes(of router: Router<APIRequestContext>) -> [OpenAPIDocument.Route] {
        router.routes.map { OpenAPIDocument.Route(method: $0.method.rawValue, path: $0.path.description) }
    }
}
