import Foundation
import GitPush
import HckCore
public import Store
public import Wire

extension JobService {
    /// Registers a forge repository of `user`'s, its secret and token sealed with the secrets key.
    /// - Throws: a 400 naming the field and why; a 409 when `user` has a repository of that name.
    public func addRepository(_ request: RepositoryRequest, by user: User) async throws -> RegisteredRepository {
        let (forge, forkBuilds) = try FieldRules.checkRepository(request)
        let repository = RegisteredRepository(
            id: 0,
            owner: user.name,
            name: request.name,
            forge: forge.rawValue,
            cloneURL: request.cloneUrl,
            apiURL: request.apiUrl,
            sealedSecret: try secretBox.seal(Data(request.secret.utf8)),
            sealedAPIToken: try request.apiToken.map { try secretBox.seal(Data($0.utf8)) },
            forkBuilds: forkBuilds,
            createdAt: clock.now
        )
        do {
            return try await store.addRepository(repository)
        } catch let error as StoreError where error.code == .duplicate {
            throw JobError(.conflict, "\(error.message): remove it first (`hck repo rm \(request.name)`)")
        }
    }

    /// Removes `user`'s repository `name`; its builds stay.
    /// - Throws: a 404 when `user` has none of that name.
    public func removeRepository(named name: String, by user: User) async throws {
        guard try await store.removeRepository(owner: user.name, name: name) else {
            throw JobError(.notFound, "you have no repository named '\(name)' (`hck repo list` shows yours)")
        }
    }

    /// The API's view of a registered repository: never its secret or token.
    public func view(_ repository: RegisteredRepository) -> RepositoryView {
        RepositoryView(
            name: repository.name,
            forge: repository.forge,
            cloneUrl: repository.cloneURL,
            apiUrl: repository.apiURL,
            forkBuilds: repository.forkBuilds.rawValue,
            webhookUrl: "\(baseURL)/api/forges/\(repository.forge)",
            created: repository.createdAt
        )
    }
}
