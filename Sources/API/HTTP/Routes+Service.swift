import Foundation
import HTTPTypes
import Hummingbird
import Manifest

extension APIEnvironment {
    /// `/metrics` (Prometheus text format) and `/api/openapi.yaml`.
    func addServiceRoutes(to router: Router<APIRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            let text = try await metrics.render(statusCounts: store.statusCounts(), runners: store.runners().count)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: .init(string: text))
            )
        }
        router.get("api/openapi.yaml") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: .init(string: OpenAPIDocument.yaml))
            )
        }
    }
}
