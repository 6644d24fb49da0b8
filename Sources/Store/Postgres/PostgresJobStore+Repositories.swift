import Foundation
import HckCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    /// Migration 6: repositories registered by their owners, found again by forge and clone URL.
    static let repositoriesSchema = [
        """
        CREATE TABLE repositories (
            id BIGSERIAL PRIMARY KEY,
            owner TEXT NOT NULL,
            name TEXT NOT NULL,
            forge TEXT NOT NULL,
            clone_url TEXT NOT NULL,
            api_url TEXT,
            sealed_secret BYTEA NOT NULL,
            sealed_api_token BYTEA,
            fork_builds TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            UNIQUE (owner, name)
        )
        """,
        "CREATE INDEX repositories_by_clone_url ON repositories (forge, clone_url)",
    ]

    /// See ``RepositoryStore/addRepository(_:)``.
    public func addRepository(_ repository: RegisteredRepository) async throws -> RegisteredRepository {
        try await write("adding \(repository.owner)'s repository \(repository.name)") { [logger] connection in
            let added = try await connection.query(
                """
                INSERT INTO repositories (owner, name, forge, clone_url, api_url, sealed_secret, sealed_api_token,
                    fork_builds, created_at)
                VALUES (\(repository.owner), \(repository.name), \(repository.forge), \(repository.cloneURL),
                    \(repository.apiURL), \(repository.sealedSecret), \(repository.sealedAPIToken),
                    \(repository.forkBuilds.rawValue), \(repository.createdAt.timeIntervalSince1970))
                ON CONFLICT (owner, name) DO NOTHING RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = added.first else { throw RegisteredRepository.duplicate(repository) }
            var stored = repository
            stored.id = id
            return stored
        }
    }

    /// See ``RepositoryStore/repositories(owner:)``.
    public func repositories(owner: String?) async throws -> [RegisteredRepository] {
        try await read("listing repositories") { [logger] connection in
            try await Self.ownedRows(connection, of: "repositories", owner: owner, logger: logger)
                .map(Self.repository(from:))
        }
    }

    /// See ``RepositoryStore/repositories(forge:cloneURLs:)``.
    public func repositories(forge: String, cloneURLs: [String]) async throws -> [RegisteredRepository] {
        guard !cloneURLs.isEmpty else { return [] }
        return try await read("looking up \(forge) repositories by clone URL") { [logger] connection in
            try await connection.query(
                "SELECT * FROM repositories WHERE forge = \(forge) AND clone_url = ANY(\(cloneURLs)) ORDER BY id",
                logger: logger
            ).records().map(Self.repository(from:))
        }
    }

    /// See ``RepositoryStore/removeRepository(owner:name:)``.
    public func removeRepository(owner: String, name: String) async throws -> Bool {
        try await write("removing \(owner)'s repository \(name)") { [logger] connection in
            try await !connection.query(
                "DELETE FROM repositories WHERE owner = \(owner) AND name = \(name) RETURNING 1",
                logger: logger
            ).values(Int.self).isEmpty
        }
    }

    /// A `repositories` row read back.
    private static func repository(from row: PostgresRandomAccessRow) throws -> RegisteredRepository {
        let owner: String = try row.value("owner")
        let name: String = try row.value("name")
        return RegisteredRepository(
            id: try row.value("id"),
            owner: owner,
            name: name,
            forge: try row.value("forge"),
            cloneURL: try row.value("clone_url"),
            apiURL: try row.value("api_url"),
            sealedSecret: try row.value("sealed_secret"),
            sealedAPIToken: try row.value("sealed_api_token"),
            forkBuilds: try RegisteredRepository.forkBuilds(try row.value("fork_builds"), owner: owner, name: name),
            createdAt: Date(timeIntervalSince1970: try row.value("created_at"))
        )
    }
}
