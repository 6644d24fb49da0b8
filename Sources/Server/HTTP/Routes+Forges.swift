import Foundation
import GitPush
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {
    /// `POST /api/forges/:forge`: a Gitea (or Forgejo), GitHub or GitLab webhook delivery, proven by
    /// the signature of a registered repository's secret rather than a token. The rule is
    /// ``ForgeDeliveries``'.
    func addForgeRoutes(to router: Router<APIRequestContext>) {
        router.on(.forgeWebhook) { request, context -> ForgeDeliveryReply in
            let name = try context.parameters.decoded("forge")
            guard let forge = Forge(rawValue: name) else {
                throw APIError(
                    .notFound,
                    "hck takes webhooks from gitea (also Forgejo), github and gitlab, not '\(name.prefix(40))'",
                    available: Forge.allCases.map(\.rawValue)
                )
            }
            // A larger body is a 413 naming the limit (ErrorMiddleware).
            let body = try await request.body.collect(upTo: ForgeDeliveries.bodyLimit)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            return try await forges.deliver(forge: forge, headers: headers, body: Data(body.readableBytesView))
        }
    }
}
