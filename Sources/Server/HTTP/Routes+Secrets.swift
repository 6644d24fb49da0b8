import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {
    /// `POST /api/secrets` (add, sealed at once) and `GET /api/secrets` (list, never values).
    func addSecretRoutes(to router: Router<APIRequestContext>) {
        router.on(.addSecret) { request, context -> SecretInfo in
            let user = try context.requireUser(.account)
            let new = try await request.decode(as: SecretRequest.self, context: context)
            try FieldRules.checkSecret(new)
            let secret = Secret(
                id: UUID(),
                owner: user.name,
                name: new.name,
                kind: new.kind,
                path: new.path,
                mode: new.kind == .file ? (new.mode ?? 0o600) : nil,
                sealed: try secrets.seal(new.value),
                createdAt: Date()
            )
            do {
                try await store.addSecret(secret)
            } catch let error as StoreError where error.code == .duplicate {
                throw APIError(.conflict, error.message)
            }
            return SecretInfo(id: secret.id, name: secret.name, kind: secret.kind, path: secret.path, mode: secret.mode)
        }
        router.on(.listSecrets) { _, context -> [SecretInfo] in
            let user = try context.requireUser(.account)
            return try await store.secrets(owner: user.name).map {
                SecretInfo(id: $0.id, name: $0.name, kind: $0.kind, path: $0.path, mode: $0.mode)
            }
        }
    }
}
