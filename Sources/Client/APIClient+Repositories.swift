import Foundation
import HckCore
public import Wire

extension APIClient {
    /// Registers a forge repository of the caller's. - Parameter request: the repository.
    public func addRepository(_ request: RepositoryRequest) async throws -> RepositoryView {
        try await call(APIRoute.addRepository.request(), body: request, as: RepositoryView.self)
    }

    /// The caller's registered repositories.
    public func repositories() async throws -> [RepositoryView] {
        try await call(APIRoute.listRepositories.request(), as: [RepositoryView].self)
    }

    /// Removes one of the caller's registered repositories. - Parameter name: its name.
    public func removeRepository(_ name: String) async throws {
        let answer = try await exchange(APIRoute.removeRepository.request(name))
        try ClientError.check(answer.status, answer.body)
    }
}
