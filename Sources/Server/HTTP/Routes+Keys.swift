import Foundation
import HTTPTypes
import HckCore
import Hummingbird
import Store
import Wire

extension APIEnvironment {
    /// `GET/POST /api/keys` and `DELETE /api/keys/:id`: the caller's SSH public keys.
    func addKeyRoutes(to router: Router<APIRequestContext>) {
        router.on(.listKeys) { _, context -> [SSHKey] in
            try await store.sshKeys(owner: context.requireUser(.account).name)
        }
        router.on(.addKey) { request, context -> SSHKey in
            let user = try context.requireUser(.account)
            let line = try await request.decode(as: SSHKeyRequest.self, context: context).key
            let key: SSHPublicKey
            do {
                key = try SSHPublicKey(parsing: line)
            } catch {
                throw APIError(.badRequest, "not a usable SSH public key: \(error)")
            }
            try FieldRules.checkKeyComment(key.comment)
            do {
                return try await store.addSSHKey(owner: user.name, key: key, now: Date())
            } catch let error as StoreError where error.code == .duplicate {
                throw APIError(.conflict, error.message)
            }
        }
        router.on(.removeKey) { _, context -> HTTPResponse.Status in
            let user = try context.requireUser(.account)
            let id = try context.parameters.id()
            guard try await store.removeSSHKey(owner: user.name, id: id) else {
                throw APIError(.notFound, "you have no SSH key \(id) (`hck key list` shows yours)")
            }
            return .noContent
        }
    }
}
