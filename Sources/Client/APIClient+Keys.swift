import Foundation
import HckCore
public import Wire

extension APIClient {
    /// Registers a public key. - Parameter line: the key line, as in an `id_*.pub` file.
    public func addKey(_ line: String) async throws -> SSHKey {
        try await call(APIRoute.addKey.request(), body: SSHKeyRequest(key: line), as: SSHKey.self)
    }

    /// The caller's keys.
    public func keys() async throws -> [SSHKey] {
        try await call(APIRoute.listKeys.request(), as: [SSHKey].self)
    }

    /// Removes one of the caller's keys. - Parameter id: its id.
    public func removeKey(_ id: Int64) async throws {
        let answer = try await exchange(APIRoute.removeKey.request(id))
        try ClientError.check(answer.status, answer.body)
    }
}
