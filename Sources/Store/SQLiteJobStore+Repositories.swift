import Foundation
import GRDB
import HckCore

extension SQLiteJobStore {
    /// See ``RepositoryStore/addRepository(_:)``.
    public func addRepository(_ repository: RegisteredRepository) async throws -> RegisteredRepository {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO repositories (owner, name, forge, clone_url, api_url, sealed_secret, sealed_api_token,
                        fork_builds, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner, name) DO NOTHING
                    """,
                arguments: [
                    repository.owner, repository.name, repository.forge, repository.cloneURL, repository.apiURL,
                    repository.sealedSecret, repository.sealedAPIToken, repository.forkBuilds.rawValue,
                    repository.createdAt.timeIntervalSince1970,
                ]
            )
            guard db.changesCount > 0 else { throw RegisteredRepository.duplicate(repository) }
            var added = repository
            added.id = db.lastInsertedRowID
            return added
        }
    }

    /// See ``RepositoryStore/repositories(owner:)``.
    public func repositories(owner: String?) async throws -> [RegisteredRepository] {
        try await pool.read { db in
            try Self.ownedRows(db, of: "repositories", owner: owner).map(Self.repository(from:))
        }
    }

    /// See ``RepositoryStore/repositories(forge:cloneURLs:)``.
    public func repositories(forge: String, cloneURLs: [String]) async throws -> [RegisteredRepository] {
        guard !cloneURLs.isEmpty else { return [] }
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM repositories
                    WHERE forge = ? AND clone_url IN (\(databaseQuestionMarks(count: cloneURLs.count))) ORDER BY id
                    """,
                arguments: StatementArguments([forge] + cloneURLs)
            ).map(Self.repository(from:))
        }
    }

    /// See ``RepositoryStore/removeRepository(owner:name:)``.
    public func removeRepository(owner: String, name: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM repositories WHERE owner = ? AND name = ?", arguments: [owner, name])
            return db.changesCount > 0
        }
    }

    /// A `repositories` row read back.
    private static func repository(from row: Row) throws -> RegisteredRepository {
        RegisteredRepository(
            id: row["id"],
            owner: row["owner"],
            name: row["name"],
            forge: row["forge"],
            cloneURL: row["clone_url"],
            apiURL: row["api_url"],
            sealedSecret: row["sealed_secret"],
            sealedAPIToken: row["sealed_api_token"],
            forkBuilds: try RegisteredRepository.forkBuilds(row["fork_builds"], owner: row["owner"], name: row["name"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }
}
