import Foundation
import GitPush
import Logging
import Store
import TestSupport

@testable import Server

/// The routes `APIServer.makeRouter` registers, as the router lists them (`GET /api/jobs/{id}`…).
enum RouterRoutes {
    static func all() throws -> [OpenAPIDocument.Route] {
        let dir = try TemporaryDirectory()
        let store = try SQLiteJobStore(path: dir.path("hck.sqlite"))
        let jobs = JobService(
            store: store,
            dispatcher: Dispatcher(store: store),
            secretBox: try SecretBox(creatingIfMissing: dir.path("secrets.key")),
            baseURL: "http://127.0.0.1",
            triggers: TriggerQueue(),
            metrics: ServerMetrics()
        )
        let router = APIServer.makeRouter(
            environment: APIEnvironment(
                jobs: jobs,
                webhookSigner: try WebhookSigner(keyFile: dir.path("webhook.key")),
                forges: ForgeDeliveries(
                    jobs: jobs,
                    cache: CommitCache(directory: dir.path("forge-cache")),
                    logger: Logger(label: "router-routes")
                )
            ),
            store: store
        )
        return APIEnvironment.routes(of: router)
    }
}
