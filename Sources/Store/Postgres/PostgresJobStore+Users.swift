import Foundation
import HckCore
import PostgresNIO
import Wire

extension PostgresJobStore {
    /// See ``JobStore/createUser(name:role:tokenHash:)``.
    public func createUser(name: String, role: User.Role, tokenHash: String) async throws -> User {
        let now = Date().timeIntervalSince1970
        return try await write("creating user '\(name)'") { [logger] connection in
            let inserted = try await connection.query(
                """
                INSERT INTO users (name, role, webhook_secret, created_at)
                VALUES (\(name), \(role.rawValue), '', \(now))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """,
                logger: logger
            ).values(Int64.self)
            guard let id = inserted.first else { throw StoreError(.duplicate, "a user named '\(name)' already exists") }
            try await connection.query(
                "INSERT INTO tokens (hash, user_id) VALUES (\(tokenHash), \(id))",
                logger: logger
            )
            // webhook_secret is left empty: deliveries are signed with the server's Ed25519 key.
            return User(id: id, name: name, role: role)
        }
    }

    /// See ``JobStore/addToken(userName:tokenHash:)``.
    public func addToken(userName: String, tokenHash: String) async throws {
        try await write("adding a token to '\(userName)'") { [logger] connection in
            let added = try await connection.query(
                """
                INSERT INTO tokens (hash, user_id) SELECT \(tokenHash), id FROM users WHERE name = \(userName)
                RETURNING 1
                """,
                logger: logger
            ).values(Int.self)
            guard !added.isEmpty else { throw StoreError(.notFound, "no user named '\(userName)'") }
        }
    }

    /// See ``JobStore/user(tokenHash:)``.
    public func user(tokenHash: String) async throws -> User? {
        try await read("looking up a token") { [logger] connection in
            try await connection.query(
                """
                SELECT users.*, tokens.job_id FROM tokens JOIN users ON users.id = tokens.user_id
                WHERE tokens.hash = \(tokenHash)
                """,
                logger: logger
            ).records().first.map {
                var user = try Self.user(from: $0)
                user.jobID = try $0.value("job_id")
                return user
            }
        }
    }

    /// See ``JobStore/user(named:)``.
    public func user(named name: String) async throws -> User? {
        try await read("looking up user '\(name)'") { [logger] connection in
            try await connection.query("SELECT * FROM users WHERE name = \(name)", logger: logger).records().first
                .map(Self.user(from:))
        }
    }

    static func user(from row: PostgresRandomAccessRow) throws -> User {
        User(
            id: try row.value("id"),
            name: try row.value("name"),
            role: .init(rawValue: try row.value("role")) ?? .user
        )
    }
}
