public import Foundation

/// Forge repositories registered by their owners, found again when their forge's webhooks arrive.
public protocol RepositoryStore: Sendable {
    /// Registers a repository (its `id` is ignored); a name the owner already uses is a `duplicate`.
    func addRepository(_ repository: RegisteredRepository) async throws -> RegisteredRepository
    /// An owner's repositories, or everyone's with nil, by id.
    func repositories(owner: String?) async throws -> [RegisteredRepository]
    /// The repositories of `forge` whose clone URL is one of `cloneURLs` (compared exactly), by id:
    /// the candidates a webhook delivery may be for.
    func repositories(forge: String, cloneURLs: [String]) async throws -> [RegisteredRepository]
    /// Removes an owner's repository; false when the owner has none of that name.
    func removeRepository(owner: String, name: String) async throws -> Bool
}
