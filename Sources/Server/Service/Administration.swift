import Foundation
import HckCore
import Logging
public import Store
import Wire

/// What `hck admin` does, straight on the store (no server needed).
public struct Administration: Sendable {
    let store: any JobStore

    /// Opens the data directory's store.
    /// - Parameter dataDirectory: the server's data directory.
    public init(dataDirectory: String) throws {
        store = try DataDirectory(path: dataDirectory).openStore()
    }

    /// Runs `body` on the store at `database` (the data directory's SQLite file, or a PostgreSQL
    /// database whose connection pool runs meanwhile).
    /// - Parameters:
    ///   - dataDirectory: the server's data directory.
    ///   - database: where the server keeps its jobs.
    ///   - body: what to do.
    public static func with<T: Sendable>(
        dataDirectory: String,
        database: StoreLocation,
        _ body: @Sendable (Administration) async throws -> T
    ) async throws -> T {
        switch database {
        case .dataDirectory:
            return try await body(Administration(dataDirectory: dataDirectory))
        case .postgres(let address):
            // Quiet: what `hck admin` prints (a token) is read by scripts.
            var logger = Logger(label: "hck.admin")
            logger.logLevel = .warning
            let store = try await PostgresJobStore.open(address, logger: logger)
            return try await store.whileRunning { try await body(Administration(store: store)) }
        }
    }

    /// Acts on an already open store.
    /// - Parameter store: the store.
    public init(store: any JobStore) {
        self.store = store
    }

    /// Creates a user, or adds a token to an existing one; returns the token (shown once, stored hashed).
    /// - Parameters:
    ///   - name: the user's name.
    ///   - role: user or runner.
    public func issueToken(for name: String, role: User.Role) async throws -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw StoreError(.notFound, "'\(name)' is not a valid name: use letters, digits, '-', '_' and '.'")
        }
        let token = Token.generate()
        if let existing = try await store.user(named: name) {
            guard existing.role == role else {
                throw StoreError(.duplicate, "'\(name)' is already a \(existing.role.rawValue); pick another name")
            }
            try await store.addToken(userName: name, tokenHash: Token.hash(token))
        } else {
            _ = try await store.createUser(name: name, role: role, tokenHash: Token.hash(token))
        }
        return token
    }

    /// Revokes one token, given as issued; returns whose it was. Fails saying so when no live token matches.
    /// - Parameters:
    ///   - token: the token.
    ///   - reason: why (shown to whoever presents it later).
    public func revoke(token: String, reason: String) async throws -> String {
        let trimmed = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let owner = try await store.revokeToken(hash: Token.hash(trimmed), reason: reason, now: Date()) else {
            if let revoked = try await store.revokedToken(hash: Token.hash(trimmed)) {
                throw StoreError(.notFound, "this token of \(revoked.userName) was already revoked (\(revoked.reason))")
            }
            throw StoreError(.notFound, "no such token: check that you pasted it whole (64 hex digits)")
        }
        return owner
    }

    /// Revokes every token of a user or runner; returns how many there were.
    /// - Parameters:
    ///   - name: the user's or runner's name.
    ///   - reason: why.
    public func revokeTokens(of name: String, reason: String) async throws -> Int {
        try await store.revokeTokens(userName: name, reason: reason, now: Date())
    }
}
