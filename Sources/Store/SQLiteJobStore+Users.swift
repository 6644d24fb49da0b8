import Crypto
import Foundation
import GRDB
import HckCore
import Wire

extension SQLiteJobStore {
    /// See ``JobStore/createUser(name:role:tokenHash:)``.
    public func createUser(name: String, role: User.Role, tokenHash: String) async throws -> User {
        return try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [name]) == true {
                throw StoreError(.duplicate, "a user named '\(name)' already exists")
            }
            try db.execute(
                // webhook_secret is left empty: deliveries are signed with the server's Ed25519 key.
                sql: "INSERT INTO users (name, role, webhook_secret, created_at) VALUES (?, ?, '', ?)",
                arguments: [name, role.rawValue, Date().timeIntervalSince1970]
            )
            let id = db.lastInsertedRowID
            try db.execute(sql: "INSERT INTO tokens (hash, user_id) VALUES (?, ?)", arguments: [tokenHash, id])
            return User(id: id, name: name, role: role)
        }
    }

    /// See ``JobStore/addToken(userName:tokenHash:)``.
    public func addToken(userName: String, tokenHash: String) async throws {
        try await pool.write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE name = ?", arguments: [userName])
            else { throw StoreError(.notFound, "no user named '\(userName)'") }
            try db.execute(sql: "INSERT INTO tokens (hash, user_id) VALUES (?, ?)", arguments: [tokenHash, id])
        }
    }

    /// See ``JobStore/user(tokenHash:)``.
    public func user(tokenHash: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT users.*, tokens.job_id FROM tokens JOIN users ON users.id = tokens.user_id WHERE tokens.hash = ?",
                arguments: [tokenHash]
            ).map {
                var user = Self.user(from: $0)
                user.jobID = $0["job_id"]
                return user
            }
        }
    }

    /// See ``JobStore/user(named:)``.
    public func user(named name: String) async throws -> User? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user(from:))
        }
    }

    static func user(from row: Row) -> User {
        User(
            id: row["id"],
            name: row["name"],
            role: .init(rawValue: row["role"]) ?? .user
        )
    }
}
